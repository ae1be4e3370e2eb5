"""Messages to customers, written to an outbox in the same transaction as their cause."""
