"""The HTTP side of `jifen serve`: the FastAPI app, the JSON API, feeds, pages for people."""
