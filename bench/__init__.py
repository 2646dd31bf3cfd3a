"""Benchmarks; each prints figures against a baseline measured in the same run.

- `python -m bench` (or `make bench`): one check cycle over N sources on 127.0.0.1, cold,
  unchanged and 10 % changed, jifen's full pipeline vs a minimal aiohttp + selectolax tracker
  (the floor) and vs that tracker keeping the records jifen must keep, in plain sqlite3 (the
  bound).
- `python -m bench.parse`: CPU per page of decode, parse, hash, 200-body checks and a small diff.
- `python -m bench.store`: the store's share of a cycle against plain sqlite3 on the same rows.
- `python -m bench.fetch`: the fetcher's cost per request against a bare aiohttp session.
- `python -m bench.api`: API routes under load against a constant route of the same app.
"""
