"""Extraction: what an article cites and quotes (sources, embedded posts, attributions, quotations)."""
