"""Fetching sources: the HTTP client (the only network code), safety, limits, cache, WARC, readable text."""
