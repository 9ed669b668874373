"""verify: check that every source an article cites still says what the article says it says."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/verify-citations/verify"
USER_AGENT = f"verify/{__version__} (+{HOMEPAGE})"

__all__ = ["HOMEPAGE", "USER_AGENT", "__version__"]
