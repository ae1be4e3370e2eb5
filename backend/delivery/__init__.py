"""Delivery of outbox messages for every channel: one sender, a transport per channel."""
