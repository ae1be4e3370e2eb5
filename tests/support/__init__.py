"""What the tests share: the clock, chat and console clients, generated data.

conftest modules hold only fixtures; every helper a test imports lives here.
"""
