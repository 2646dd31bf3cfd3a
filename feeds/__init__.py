"""RSS 2.0 and Atom change feeds built from change events."""
