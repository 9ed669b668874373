"""Fetching sources: the HTTP client (the only network code), safety, limits, cache, WARC, readable text.

Names are re-exported lazily so that importing `verify.fetch.types` (as every CLI module does) does not
pull in requests, lxml or warcio.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verify.fetch.http import HttpClient as HttpClient
    from verify.fetch.reader import read_response as read_response
    from verify.fetch.stage import fetch_all as fetch_all
    from verify.fetch.stage import fetch_one as fetch_one
    from verify.fetch.types import DEFAULT_RETRY as DEFAULT_RETRY
    from verify.fetch.types import NO_RETRY as NO_RETRY
    from verify.fetch.types import ClientConfig as ClientConfig
    from verify.fetch.types import Outcome as Outcome
    from verify.fetch.types import Response as Response
    from verify.fetch.types import RetryPolicy as RetryPolicy

_WHERE = {
    "HttpClient": "verify.fetch.http",
    "read_response": "verify.fetch.reader",
    "fetch_all": "verify.fetch.stage",
    "fetch_one": "verify.fetch.stage",
    "ClientConfig": "verify.fetch.types",
    "Outcome": "verify.fetch.types",
    "Response": "verify.fetch.types",
    "RetryPolicy": "verify.fetch.types",
    "DEFAULT_RETRY": "verify.fetch.types",
    "NO_RETRY": "verify.fetch.types",
}

__all__ = [
    "DEFAULT_RETRY",
    "NO_RETRY",
    "ClientConfig",
    "HttpClient",
    "Outcome",
    "Response",
    "RetryPolicy",
    "fetch_all",
    "fetch_one",
    "read_response",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'verify.fetch' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
