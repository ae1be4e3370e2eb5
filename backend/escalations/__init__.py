"""Conversations handed from the bot to a person."""
