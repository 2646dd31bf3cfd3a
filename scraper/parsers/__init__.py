"""Parsers for the official pages, one module each, listed in one explicit registry."""
