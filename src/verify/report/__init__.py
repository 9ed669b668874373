"""Reporting: the verification table, JSON, Markdown, CI annotations and the HTML report."""
