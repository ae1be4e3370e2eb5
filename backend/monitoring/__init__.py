"""What an operator watches: Prometheus metrics and structured logs, kept out of the domain."""
