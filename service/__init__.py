"""Composition root: settings, the pipeline, scheduler, HTTP API, pages and CLI."""
