"""Reading a document: bytes, a content type and a URL become one `Document` by one set of rules.

Every stage that turns bytes into text goes through here: the article reader (`verify.read`), the fetch
stage's source reader, archived copies read back, and `verify compare`. Submodules: `decode` (charsets,
BOMs, mojibake), `document` (the `Document`, format sniffing, PDF/JSON/XML text), `html` (the one parser,
block tags, visible text), `walls` (bot, consent and soft-404 pages) and `language` (guessing it).
Importing this package loads none of lxml, pypdf or charset-normalizer.
"""

from __future__ import annotations

from verify.documents.document import Document, from_bytes, sniff_format

__all__ = ["Document", "from_bytes", "sniff_format"]
