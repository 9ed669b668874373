"""Reading an article: the input (path, stdin or URL) as a `verify.documents.Document`."""

from __future__ import annotations

from verify.documents.document import sniff_format
from verify.read.article import ArticleText, load

__all__ = ["ArticleText", "load", "sniff_format"]
