"""Channel-independent conversations: typed events in, typed replies out.

The engine (`dialogs.engine.Engine`) turns one `Incoming` event into a list of replies; it never
sends anything. The Telegram bot, the web chat and the terminal are adapters around it.
"""
