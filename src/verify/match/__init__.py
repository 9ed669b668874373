"""Matching: comparing a quotation with a source text (pure code, no I/O)."""
