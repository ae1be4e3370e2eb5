"""Stand-ins for outside services (the Telegram Bot API) that tests and benchmarks talk to."""
