"""Fetching and reading the official pages: sources, fetcher, decoders, parsers, records."""
