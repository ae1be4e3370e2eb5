"""`python -m backend` runs the `warranty-intake` command line."""

from backend.cli import main

main()
