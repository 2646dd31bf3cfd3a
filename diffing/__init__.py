"""Keyed structured diffs, text diffs, noise normalisation, classification and content gates."""
