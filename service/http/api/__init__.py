"""The JSON API under /v1/ and the feeds under /feeds/: thin routers over the store."""
