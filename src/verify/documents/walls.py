"""What only looks like a page: bot walls and challenges, consent walls and soft 404s posing as the page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum

_BOT_TITLES = re.compile(
    r"^\s*(just a moment|attention required|access denied|please wait|one more step|security check"
    r"|are you a (human|robot)|verify(ing)? (you are|that you are) (a )?human|robot check|bot check"
    r"|pardon our interruption|ddos-guard|checking your browser|human verification|request blocked"
    r"|you have been blocked|captcha|403 forbidden|access to this page has been denied"
    r"|sucuri website firewall|vercel security checkpoint|blocked by|unusual traffic|too many requests)",
    re.I,
)
_BOT_MARKERS = (
    "cf-browser-verification",
    "/cdn-cgi/challenge-platform",
    "cf_chl_",
    "cf-challenge",
    "captcha-delivery.com",  # DataDome
    "geo.captcha-delivery",
    "px-captcha",  # PerimeterX / HUMAN
    "_pxcaptcha",
    "perimeterx",
    "_incapsula_resource",  # Imperva
    "incapsula incident id",
    "enable javascript and cookies to continue",
    "awswaf",
    "errors.edgesuite.net",  # Akamai "Access Denied … Reference #"
    "sucuri_cloudproxy",
    "kpsdk",  # Kasada
    "our systems have detected unusual traffic",
)
# Generic captcha widgets also sit in comment forms and newsletter boxes of real pages: they mark a
# wall only when the page has almost no text of its own.
_CAPTCHA_MARKERS = ("g-recaptcha", "h-captcha", "hcaptcha.com/1/api", "please enable cookies")
_CONSENT_TITLES = re.compile(
    r"^\s*(before you continue|bevor sie (zu \w+ )?(weitergehen|fortfahren)|avant d'accéder|antes de ir a"
    r"|prima di (continuare|procedere)|voordat je verdergaat|zanim przejdziesz|cookie (consent|settings)"
    r"|privacy (settings|consent)|your privacy choices|we value your privacy)",
    re.I,
)
_CONSENT_WORDS = re.compile(r"\b(cookies?|consent|privacy)\b", re.I)
_CONSENT_ACTIONS = re.compile(
    r"\b(accept( all)?|agree|reject all|i agree|allow all|manage (options|cookies))\b", re.I
)
# A title segment (or a page's first line) that is nothing but a not-found message.
_SOFT_404 = re.compile(
    r"^(oops[!.,]?\s*)?(sorry[!.,]?\s*)?("
    r"(error\s*)?404(\s*(error|page))?(\s*[-:]?\s*(page|file|content)?\s*not\s*found)?"
    r"|((the|that|this)\s+)?(page|file|article|content|story|resource)?\s*((was|could)\s+)?not\s+(be\s+)?found"
    r"|(this\s+|the\s+)?page\s+(does\s*n[o']t|no\s+longer)\s+exists?"
    r"|(this\s+|the\s+)?page\s+(is\s+)?(no\s+longer\s+)?(available|unavailable)"
    r"|(we\s+)?(couldn'?t|can'?t|could\s+not|cannot)\s+find\s+(that|the|this|your)\s+page"
    r"|seite\s+nicht\s+gefunden|p[aá]gina\s+no\s+encontrada|page\s+introuvable|pagina\s+non\s+trovata"
    r"|strona\s+nie\s+znaleziona|pagina\s+niet\s+gevonden|sidan\s+kunde\s+inte\s+hittas"
    r")[\s!.]*$",
    re.I,
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s*[|–—·•»]\s*")


class Wall(Enum):
    """What a page that is not the source's text is: a wall in front of it, or a page saying it is gone."""

    BLOCKED = "blocked"
    GONE = "gone"


def says_not_found(text: str) -> bool:
    """True when a title or heading, or one of its separated segments, is only a not-found message."""
    parts = [text, *_TITLE_SEPARATORS.split(text)]
    return any(_SOFT_404.match(part.strip()) for part in parts if part.strip())


def wall(
    url: str, headers: Mapping[str, str], head: bytes, title: str | None, text: str
) -> tuple[Wall, str] | None:
    """A bot wall, challenge, consent wall or soft 404 posing as the page at `url`, if it is one.

    `headers` are the response's (lower-case names), `head` the first bytes of its body, `title` and
    `text` the page's title and visible text.
    """
    low_head = head[:65536].lower()
    short = len(text) < 3000
    if headers.get("cf-mitigated", "").lower() == "challenge" or (headers.get("x-datadome") and short):
        return Wall.BLOCKED, "bot wall (challenge page)"
    if title and _BOT_TITLES.match(title) and short:
        return Wall.BLOCKED, f"bot wall: {title[:80]}"
    if short and any(m.encode() in low_head for m in _BOT_MARKERS):
        return Wall.BLOCKED, "bot wall (captcha or challenge)"
    if len(text) < 600 and any(m.encode() in low_head for m in _CAPTCHA_MARKERS):
        return Wall.BLOCKED, "bot wall (captcha or challenge)"
    host = url.split("/")[2].lower() if "://" in url else ""
    consent_title = bool(title and _CONSENT_TITLES.match(title))
    if host.startswith(("consent.", "consent-")) or (consent_title and len(text) < 8000):
        return Wall.BLOCKED, "consent wall"
    if (
        len(text) < 700  # a cookie banner beside real content is not a wall
        and len(_CONSENT_WORDS.findall(text)) >= 2
        and _CONSENT_ACTIONS.search(text)
        and "cookie" in text.lower()
    ):
        return Wall.BLOCKED, "consent wall (cookies)"
    if title and len(text) < 3000 and says_not_found(title):
        return Wall.GONE, f"soft 404: the page says {title[:80]!r}"
    first = text.split("\n\n", 1)[0] if text else ""
    if len(text) < 1200 and len(first) < 120 and says_not_found(first):
        return Wall.GONE, f"soft 404: the page says {first[:80]!r}"
    return None
