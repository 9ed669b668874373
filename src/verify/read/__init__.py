"""Reading an article: the input (path, stdin or URL), its format, its text and its lines."""

from __future__ import annotations

from verify.read.article import ArticleText, load, sniff_format

__all__ = ["ArticleText", "load", "sniff_format"]
