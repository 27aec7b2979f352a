"""Dock panels of the main window: inspector, intents, faq, script settings and more."""
