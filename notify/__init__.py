"""Tells subscribers about published changes: filters, messages, and delivery through the outbox."""
