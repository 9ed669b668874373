"""The fixture world on loopback: an article's source sites, the Wayback Machine and the social platforms.

A world is described by a `world.json` (see fixtures/sample/world/world.json): pages by URL (title and
paragraphs, or a status, a redirect, a delay), an optional archived version of a page, whether the page
has a recent capture too and how an anonymous save of it is answered, extra captures (of post
permalinks), and posts on the platforms. Three threaded servers answer for it (the sites, dispatched by
Host header; the Wayback emulator; the platform emulator), and `resolve_entries()` routes every real host
name to them, so that URLs in the report, the cache and the WARC keep their real https names.
"""

from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from emulators.base import LoopbackService
from emulators.platforms import FIXED_HOSTS, PlatformWorld
from emulators.wayback import LEGACY_429, WaybackEmulator

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_WORLD = ROOT / "fixtures" / "sample" / "world"
FIXTURE_WORLDS = ROOT / "fixtures" / "world"  # one folder per article: article.md, world.json, verify.toml


def page_html(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'</head><body><nav><a href="/">Home</a></nav><main><article><h1>{html.escape(title)}</h1>\n'
        f"{body}\n</article></main><footer>Fictional page served by the verify test world.</footer>"
        "</body></html>\n"
    )


@dataclass
class Page:
    url: str
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class _SiteHandler(BaseHTTPRequestHandler):
    world: World
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        page = self.world.page_for(host, self.path)
        if page is None:
            status, body, ctype, extra = 404, b"<html><body>Not found</body></html>", "text/html", {}
        else:
            if page.delay:
                time.sleep(page.delay)
            status, body, ctype, extra = page.status, page.body, page.content_type, dict(page.headers)
            if page.location:
                extra["Location"] = page.location
        with self.world.lock:
            self.world.hits.append(f"{host}{self.path}")
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on a slow page: that is the point of it


class _WorldWayback(WaybackEmulator):
    """The Wayback emulator with per-URL anonymous saves: a save captures the live page, or is refused."""

    def __init__(self, host: str, world: World) -> None:
        super().__init__(host)
        self.world = world
        self.legacy_status = 200  # saves succeed unless a page says otherwise
        self.refused: dict[str, int] = {}  # url -> status its anonymous save is answered with

    def legacy_save(self, url: str) -> tuple[int, dict[str, str], bytes]:
        status = self.refused.get(url)
        if status == 429:
            return 429, {"Content-Type": "text/html"}, LEGACY_429.encode()
        if status is not None:
            return status, {"Content-Type": "text/html"}, b"<html>error</html>"
        parts = urlsplit(url)
        page = self.world.page_for(parts.hostname or "", parts.path or "/")
        if page is None or page.status != 200:
            return super().legacy_save(url)
        ts = self._timestamp_now()
        self.add_capture(url, ts, page.body)
        headers = {
            "Content-Type": "text/html;charset=utf-8",
            "Content-Location": f"/web/{ts}/{url}",
            "X-Cache-Key": f"httpsweb.archive.org/save/{url}US",
        }
        return 200, headers, b"<html><head><title>Wayback Machine</title></head><body></body></html>"


class World(LoopbackService):
    """One fixture world, served on 127.0.0.1 (three ports).

    `now` pins the world's clock (the Wayback's "now", recent captures): a WARC's recording time, so that
    a loopback run sees the world as it was recorded. By default it is the wall clock, so that a capture
    saved during a run is dated in it.
    """

    def __init__(self, spec: dict[str, Any], *, host: str = "127.0.0.1", now: datetime | None = None) -> None:
        self.spec = spec
        self.host = host
        self.pages: dict[tuple[str, str], Page] = {}
        self.hits: list[str] = []
        self.lock = threading.Lock()
        self.wayback = _WorldWayback(host, self)
        self.platforms = PlatformWorld(host)
        if now is not None:
            pinned = now.astimezone(UTC)
            self.wayback.now = lambda: pinned
        self._load()

    @classmethod
    def from_dir(cls, folder: str | Path, **kwargs: Any) -> World:
        spec = json.loads((Path(folder) / "world.json").read_text(encoding="utf-8"))
        return cls(spec, **kwargs)

    # ------------------------------------------------------------------ building

    def _timestamp(self, value: str) -> str:
        """A 14-digit timestamp, or `recent`: noon a few days before the world's now (not yet too old).

        Noon, not now minus days: a world rebuilt later the same day gives the same timestamps.
        """
        if value != "recent":
            return value
        days = float(self.spec.get("recent_capture_days", 4))
        return (self.wayback.now() - timedelta(days=days)).strftime("%Y%m%d") + "120000"

    def _load(self) -> None:
        default_ts = self.spec.get("capture_timestamp", "20260516083000")
        recent_default = bool(self.spec.get("recent_captures", False))
        for url, p in self.spec.get("pages", {}).items():
            body = page_html(p.get("title", url), p.get("paragraphs", [])) if "paragraphs" in p else ""
            if "body" in p:
                body = p["body"]
            page = Page(
                url=url,
                status=int(p.get("status", 200)),
                body=body.encode("utf-8"),
                content_type=p.get("content_type", "text/html; charset=utf-8"),
                location=p.get("redirect"),
                delay=float(p.get("delay", 0)),
                headers=dict(p.get("headers", {})),
            )
            if page.status >= 400 and not page.body:
                page.body = f"<html><body>Error {page.status}</body></html>".encode()
            parts = urlsplit(url)
            self.pages[(parts.hostname or "", parts.path or "/")] = page
            archived = p.get("archived")
            if archived is not None:
                self.wayback.add_capture(
                    url, archived["timestamp"], page_html(p.get("title", url), archived["paragraphs"])
                )
            elif p.get("capture", page.status == 200 and not page.location):
                self.wayback.add_capture(url, p.get("capture_timestamp", default_ts), body or page.body)
            if p.get("recent", recent_default) and page.status == 200 and not page.location:
                self.wayback.add_capture(url, self._timestamp("recent"), page.body)
            if p.get("excluded"):
                self.wayback.excluded.add(url)
            if p.get("save_error"):
                self.wayback.submit_errors[url] = p["save_error"]
            if p.get("save_status"):
                self.wayback.refused[url] = int(p["save_status"])
        for c in self.spec.get("captures", []):
            body = page_html(c.get("title", c["url"]), c["paragraphs"]) if "paragraphs" in c else ""
            self.wayback.add_capture(c["url"], self._timestamp(c["timestamp"]), body)
        for c in self.spec.get("captured_posts", []):  # a post's page as archived (found by prefix queries)
            self.wayback.add_post_capture(
                c["url"], self._timestamp(c["timestamp"]), text=c["text"], handle=c["handle"],
                name=c.get("name", ""), created_at=c.get("created_at", ""),
            )  # fmt: skip
        for t in self.spec.get("tweets", []):
            self.platforms.add_tweet(
                t["id"], t["text"], screen_name=t["screen_name"], name=t.get("name", ""),
                created_at=t["created_at"], state=t.get("state", "ok"),
            )  # fmt: skip
        for host in self.spec.get("platform_malformed", []):
            self.platforms.malformed(host)
        for b in self.spec.get("bluesky", []):
            self.platforms.add_bluesky_post(
                handle=b["handle"], did=b["did"], rkey=b["rkey"], text=b["text"], created_at=b["created_at"],
                cid=b["cid"], display_name=b.get("display_name", ""), state=b.get("state", "ok"),
            )  # fmt: skip

    def page_for(self, host: str, path: str) -> Page | None:
        return self.pages.get((host, urlsplit(path).path or "/"))

    # ------------------------------------------------------------------ serving

    def start(self) -> World:
        super().start()
        self.wayback.start()
        self.platforms.start()
        return self

    def stop(self) -> None:
        super().stop()
        self.wayback.stop()
        self.platforms.stop()

    @property
    def site_address(self) -> str:
        assert self._server is not None, "start() first"
        return f"{self.host}:{self._server.server_address[1]}"

    def resolve_entries(self) -> tuple[tuple[str, str], ...]:
        """`host=addr:port` routes for every host of the world (sites, Wayback, platforms)."""
        entries: dict[str, str] = {}
        for host, _ in self.pages:
            entries[host] = self.site_address
        for host, target in self.wayback.resolve_entries():
            entries[host] = target
        platform = f"{self.platforms.host}:{self.platforms.port}"
        for host in (*FIXED_HOSTS, "bsky.app", "twitter.com", "x.com"):
            entries.setdefault(host, platform)
        return tuple(entries.items())

    def cli_args(self) -> list[str]:
        """Options for `verify check` that route the run here (loopback allowed, nothing else)."""
        args = ["--allow-net", "127.0.0.0/8"]
        for host, target in self.resolve_entries():
            args += ["--resolve", f"{host}={target}"]
        return args


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """A JSON report without what differs between two runs of the same world (time, cache)."""
    out: dict[str, Any] = json.loads(json.dumps(report))
    out.pop("checked_at", None)
    for s in out["sources"]:
        if s.get("fetch"):
            for key in ("elapsed", "from_cache"):
                s["fetch"].pop(key, None)
    return out


World.handler = _SiteHandler
World.handler_attr = "world"
