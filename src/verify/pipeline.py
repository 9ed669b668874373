"""`check`: a pure plan of what to fetch, look up, save and match, and its execution into one `models.Report`.

`plan_check` decides from the extraction and the options alone, without I/O, what each stage is asked to
do. `execute` runs the stages side by side: archive look-ups while sources are fetched, each quotation
judged as soon as its source's copies are read, embedded posts checked meanwhile, saving bounded by
`archive_timeout`. Every stage hands back values; a fault in one stage or one source becomes an
`unverifiable`/`failed` value with a note, never a lost run.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

from verify.config import DEFAULT_FAIL_ON
from verify.models import (
    ArchiveResult,
    ArchiveStatus,
    ClaimCheck,
    ClaimVerdict,
    Document,
    Embed,
    EmbedCheck,
    EmbedVerdict,
    Extraction,
    Fetched,
    FetchResult,
    FetchStatus,
    Quote,
    QuoteCheck,
    QuoteVerdict,
    Report,
    SavePolicy,
    SourceCheck,
    SourceKind,
    Version,
    WaybackUse,
)
from verify.textsafe import one_line

if TYPE_CHECKING:
    from verify.archive import Archiver
    from verify.embeds import Endpoints
    from verify.fetch.http import HttpClient
    from verify.match import Corpus


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What `verify check` does beyond fetching (the HttpClient carries the network settings)."""

    archive: WaybackUse = WaybackUse.SAVE_MISSING
    archive_max_age: float = 30  # days: how old before publication a capture may be to stand as cited
    archive_timeout: float = 30.0  # seconds saving may hold the report
    wayback_url: str | None = None
    fail_on: frozenset[str] = DEFAULT_FAIL_ON
    skip: tuple[str, ...] = ()  # URL regexes neither fetched nor archived
    embeds: bool = True
    embed_endpoints: Endpoints | None = None  # for tests and mirrors
    max_bytes: int | None = None  # input size cap for the article itself


@dataclass(frozen=True, slots=True)
class Progress:
    """Counts for the progress line; totals are known once the article is extracted."""

    stage: str = "reading"
    sources: int = 0
    sources_total: int = 0
    captures: int = 0
    captures_total: int = 0
    quotes: int = 0
    quotes_total: int = 0
    embeds: int = 0
    embeds_total: int = 0


ProgressCallback = Callable[[Progress], None]

ARCHIVE_OFF_NOTE = "archiving off (--archive never)"
SKIPPED_NOTE = "matches a skip pattern"


def run_check(
    article_arg: str,
    options: CheckOptions,
    *,
    client: HttpClient,
    progress: ProgressCallback | None = None,
    stdin: BinaryIO | None = None,
) -> Report:
    """Check one article: every source, quotation and embedded post. Raises only `VerifyError` for input."""
    from verify.extract import extract  # noqa: PLC0415
    from verify.read import load  # noqa: PLC0415

    if progress is not None:
        progress(Progress(stage="reading"))
    if options.max_bytes is None:
        article = load(article_arg, client=client, stdin=stdin)
    else:
        article = load(article_arg, client=client, stdin=stdin, max_bytes=options.max_bytes)
    return check_extraction(extract(article), options, client=client, progress=progress)


def check_extraction(
    extraction: Extraction,
    options: CheckOptions,
    *,
    client: HttpClient,
    progress: ProgressCallback | None = None,
) -> Report:
    """Fetch, archive and match what an article cites (the part of `run_check` after extraction)."""
    return execute(plan_check(extraction, options), extraction, options, client=client, progress=progress)


# --------------------------------------------------------------------------- the plan (pure)


@dataclass(frozen=True, slots=True)
class Plan:
    """What one run asks of each stage, decided from the extraction and the options before any I/O."""

    fetch: tuple[str, ...]  # fetched live: every URL but embeds' permalinks and skipped ones
    archive: tuple[str, ...]  # every URL given an archive value (not attributions, not skipped)
    look_up: tuple[str, ...]  # of those, the ones asked of the Wayback Machine (none when it is off)
    kept_back: Mapping[str, str]  # of those, URL -> why it is never sent to the Wayback Machine
    save: SavePolicy | None  # when to save after a look-up; None: the Wayback Machine is not used
    skipped: tuple[str, ...]  # URLs matching a skip pattern: neither fetched nor archived
    quoted: frozenset[str]  # URLs a quotation is tied to: judged as soon as both copies are in
    embeds: bool  # embedded posts are checked through their platforms

    @property
    def uses_wayback(self) -> bool:
        return self.save is not None


# Embed permalinks are read through each platform's API by the embed check; attribution sources have
# no URL. Every other URL is fetched, tied to a quotation or not.
_NOT_FETCHED = (SourceKind.ATTRIBUTION, SourceKind.EMBED)


def plan_check(extraction: Extraction, options: CheckOptions) -> Plan:
    """What to fetch, look up, save and match for one extraction (pure: no I/O)."""
    patterns = tuple(re.compile(p) for p in options.skip)
    linked = [(s, s.url) for s in extraction.sources if s.url]
    skipped = tuple(dict.fromkeys(url for _, url in linked if _skipped(url, patterns)))
    wanted = [(s, url) for s, url in linked if url not in skipped]
    archive = tuple(dict.fromkeys(url for s, url in wanted if s.kind is not SourceKind.ATTRIBUTION))
    save = options.archive.save_policy
    kept_back: dict[str, str] = {}
    if save is not None:
        kept_back = {url: why for url in archive if (why := _not_archivable(url)) is not None}
        # A flattened post's URL is its author's profile: never archived (recovery finds the post's own).
        kept_back |= {e.url: _PROFILE for e in extraction.embeds if e.form == "flattened" and not e.post_id}
    quoted_ids = {q.source for q in extraction.quotes} | {c.source for c in extraction.claims}
    return Plan(
        fetch=tuple(dict.fromkeys(url for s, url in wanted if s.kind not in _NOT_FETCHED)),
        archive=archive,
        look_up=tuple(u for u in archive if u not in kept_back) if save is not None else (),
        kept_back=kept_back,
        save=save,
        skipped=skipped,
        quoted=frozenset(url for s, url in linked if s.id in quoted_ids),
        embeds=options.embeds,
    )


_PROFILE = "not archived: the author's profile, not the post"


def _skipped(url: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(p.search(url) for p in patterns)


def _not_archivable(url: str) -> str | None:
    """Why a URL is kept from the Wayback Machine: it could not reach it, and would learn an internal URL."""
    from verify.fetch.safety import non_public_reason, parse_ip_host  # noqa: PLC0415

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"not archived: a {parts.scheme or 'relative'} URL"
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return "not archived: a local host name"
    ip = parse_ip_host(host)
    reason = non_public_reason(ip) if ip is not None else None
    return f"not archived: {reason} address" if reason else None


# --------------------------------------------------------------------------- execution


def _fault(exc: BaseException) -> str:
    return one_line(f"internal error: {type(exc).__name__}: {exc}", 300)


@dataclass
class _Run:
    """What the stage threads have found so far, under one lock; the plan and extraction stay read-only."""

    extraction: Extraction
    plan: Plan
    progress: ProgressCallback | None
    lock: threading.Lock = field(default_factory=threading.Lock)
    fetched: dict[str, Fetched] = field(default_factory=dict)
    archived: dict[str, ArchiveResult] = field(default_factory=dict)
    archived_docs: dict[str, Fetched | None] = field(default_factory=dict)
    quote_checks: dict[str, QuoteCheck] = field(default_factory=dict)
    claim_checks: dict[str, ClaimCheck] = field(default_factory=dict)
    embed_checks: dict[str, EmbedCheck] = field(default_factory=dict)
    _corpus: Corpus | None = None  # every source prepared once, one word index (made on first use)
    counts: Progress = field(default_factory=Progress)
    faults: dict[str, str] = field(default_factory=dict)  # stage -> what went wrong in it
    fetch_over: bool = False  # the fetch stage has ended: no more live results will come
    seen: threading.Condition = field(init=False)  # notified (on `lock`) as live results come in

    def __post_init__(self) -> None:
        self.seen = threading.Condition(self.lock)

    @property
    def indexes(self) -> Corpus:
        """The run's prepared sources; matching is imported only when a run matches a quotation."""
        with self.lock:
            if self._corpus is None:
                from verify.match import Corpus  # noqa: PLC0415

                self._corpus = Corpus()
            return self._corpus

    def tick(self, stage: str | None = None, **counts: int) -> None:
        """Add `counts` to the progress counts (and move to `stage`), then report them."""
        with self.lock:
            added = {k: getattr(self.counts, k) + v for k, v in counts.items()}
            self.counts = replace(self.counts, stage=stage or self.counts.stage, **added)
            snapshot = self.counts
        if self.progress is not None:
            self.progress(snapshot)


def execute(
    plan: Plan,
    extraction: Extraction,
    options: CheckOptions,
    *,
    client: HttpClient,
    progress: ProgressCallback | None = None,
) -> Report:
    """Carry `plan` out: every stage runs, and every URL, quotation and embed ends with a value."""
    started = client.clock.now()
    run = _Run(extraction, plan, progress)
    run.archived.update(
        (url, ArchiveResult(ArchiveStatus.SKIPPED, note=why)) for url, why in plan.kept_back.items()
    )
    run.tick(
        stage="checking",
        sources_total=len(plan.fetch),
        captures_total=len(plan.look_up),
        quotes_total=len(extraction.quotes),
        embeds_total=len(extraction.embeds) if plan.embeds else 0,
    )
    archiver = _make_archiver(client, options, plan.save)
    _run_stages(run, client, archiver, options)
    _fill_missing(run)
    _judge_all(run)
    _judge_claims(run)
    run.tick(stage="done")
    return _report(run, options.fail_on, started.isoformat().replace("+00:00", "Z"))


def _run_stages(run: _Run, client: HttpClient, archiver: Archiver | None, options: CheckOptions) -> None:
    """Fetch, archive and check embeds side by side; quotations are judged as their sources come in."""
    plan, extraction = run.plan, run.extraction
    stages = ThreadPoolExecutor(max_workers=4, thread_name_prefix="verify-stage")
    matchers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="verify-match")
    try:
        pending: list[Future[None]] = []

        def on_fetched(url: str, fetched: Fetched) -> None:
            with run.lock:
                run.fetched[url] = fetched
                run.seen.notify_all()
            run.tick(sources=1)
            if fetched.document is not None and url in plan.quoted:
                pending.append(matchers.submit(_judge_ready, run, url))

        def on_archived(url: str, result: ArchiveResult) -> None:
            with run.lock:
                run.archived[url] = result
            run.tick(captures=1)
            if url in plan.quoted and archiver is not None:
                pending.append(matchers.submit(_read_back, run, archiver, url, result))

        jobs = {"fetch": stages.submit(_fetch_stage, client, plan.fetch, on_fetched, run.extraction.quotes)}
        jobs["fetch"].add_done_callback(lambda _: _fetch_ended(run))
        if archiver is not None and plan.look_up:
            jobs["archive"] = stages.submit(
                _archive_stage, archiver, run, options.archive_timeout, on_archived
            )
        if plan.embeds and extraction.embeds:
            jobs["embeds"] = stages.submit(_embed_stage, run, client, archiver, options.embed_endpoints)
        for stage, job in jobs.items():
            _settle(run, job, stage)
        _drain(run, pending)
    except BaseException:
        # Ctrl-C: saves not begun are dropped and polling stops (submitted jobs are in the cache already);
        # no waiting for the stages: the client's close() cuts the exchanges still in flight.
        if archiver is not None:
            archiver.wayback.stop.set()
        for pool in (stages, matchers):
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    for pool in (stages, matchers):
        pool.shutdown()


def _drain(run: _Run, pending: list[Future[None]]) -> None:
    """Wait for the match jobs; callbacks may still be adding some while earlier ones finish."""
    while True:
        with run.lock:
            batch = list(pending)
            pending.clear()
        if not batch:
            return
        for fut in batch:
            _settle(run, fut, "match")


def _settle(run: _Run, fut: Future[None], stage: str) -> None:
    """Wait for a stage; its fault is turned into values for what it left undone (`_fill_missing`)."""
    try:
        fut.result()
    except Exception as exc:  # a bug in one stage must not lose the others' results
        with run.lock:
            run.faults.setdefault(stage, _fault(exc))


def _fetch_stage(
    client: HttpClient,
    urls: tuple[str, ...],
    on_result: Callable[[str, Fetched], None],
    quotes: tuple[Quote, ...],
) -> None:
    """Fetch every URL. A page's article body is only for the matcher: scoped only when there are quotations
    (it parses each page again, through the extract stage's HTML reader)."""
    from verify.extract.body import main_content  # noqa: PLC0415
    from verify.fetch import fetch_all  # noqa: PLC0415

    fetch_all(client, urls, on_result=on_result, body_of=main_content if quotes else None)


def _archive_stage(
    archiver: Archiver, run: _Run, deadline: float, on_result: Callable[[str, ArchiveResult], None]
) -> None:
    """Look up (and save, as the plan's policy says) every URL bound for the Wayback Machine."""
    archiver.ensure_all(
        run.plan.look_up,
        run.extraction.article.published,
        on_result=on_result,
        deadline=deadline,
        priority=save_priority(run.extraction),
        hold=lambda url: _refused_unsafe(run, url),
    )


def _fetch_ended(run: _Run) -> None:
    with run.lock:
        run.fetch_over = True
        run.seen.notify_all()


def _refused_unsafe(run: _Run, url: str) -> str | None:
    """Why `url` must never reach the Wayback Machine: its live fetch was refused as unsafe (a name that
    resolves to a private address, a redirect to one), so it names something internal. Waits for that
    fetch; URLs that are not fetched (embedded posts' permalinks) go ahead at once."""
    if url not in run.plan.fetch:
        return None
    with run.seen:
        while url not in run.fetched and not run.fetch_over:
            run.seen.wait(0.5)
        fetched = run.fetched.get(url)
    if fetched is None or fetched.result.status is not FetchStatus.UNSAFE:
        return None
    return one_line(f"not archived: refused as unsafe ({fetched.result.error or 'unsafe'})", 300)


def save_priority(extraction: Extraction) -> dict[str, int]:
    """Sources the report's verdicts rest on (a quotation's or claim's source, an embedded post) go first."""
    quoted = {q.source for q in extraction.quotes} | {c.source for c in extraction.claims}
    return {s.url: 1 for s in extraction.sources if s.url and (s.kind is SourceKind.EMBED or s.id in quoted)}


def _make_archiver(client: HttpClient, options: CheckOptions, save: SavePolicy | None) -> Archiver | None:
    """The run's Archiver; None when the Wayback Machine is not used (nothing at all is asked of it)."""
    if save is None:
        return None
    from verify.archive import Archiver  # noqa: PLC0415
    from verify.extract.body import main_content  # noqa: PLC0415

    return Archiver(
        client,
        body_of=main_content,  # an archived copy is matched like the live page: its body first
        wayback_url=options.wayback_url,
        policy=save,
        max_age_days=options.archive_max_age,
        save_timeout=options.archive_timeout,
    )


def _read_back(run: _Run, archiver: Archiver, url: str, result: ArchiveResult) -> None:
    """Read the capture closest before publication, so a quotation is judged against both copies."""
    capture = result.as_cited
    fetched: Fetched | None = None
    used = capture
    if capture is not None:
        try:
            fetched, used = archiver.read_back_cited(capture)
        except Exception as exc:
            fetched = Fetched(FetchResult(url=capture.url, status=FetchStatus.BROKEN, error=_fault(exc)))
    with run.lock:
        run.archived_docs[url] = fetched
        if used is not None and capture is not None and used != capture:
            # The report must name the copy the quotation was judged against.
            note = (
                f"the capture of {capture.timestamp} reads back as an error page or a wall; "
                f"the earlier capture of {used.timestamp} is used"
            )
            run.archived[url] = replace(
                result, as_cited=used, note="; ".join(n for n in (result.note, note) if n)
            )
    _judge_ready(run, url)


def _embed_stage(
    run: _Run, client: HttpClient, archiver: Archiver | None, endpoints: Endpoints | None
) -> None:
    from verify.embeds import check_embeds  # noqa: PLC0415

    results = check_embeds(
        list(run.extraction.embeds),
        client,
        archiver=archiver,
        endpoints=endpoints,
        published=run.extraction.article.published,
    )
    with run.lock:
        run.embed_checks.update(results)
    run.tick(embeds=len(results))


# --------------------------------------------------------------------------- matching


def _documents(run: _Run, url: str | None) -> tuple[Document | None, Document | None, str | None]:
    """The live and archived documents of a source URL, and why there are none."""
    if url is None:
        return None, None, None
    fetched = run.fetched.get(url)
    back = run.archived_docs.get(url)
    live = fetched.document if fetched is not None else None
    archived = back.document if back is not None else None
    if archived is not None and archived.version is not Version.ARCHIVED:
        archived = None
    reason = None
    if live is None and archived is None:
        parts = []
        if fetched is not None:
            r = fetched.result
            parts.append(f"source {r.status.value}" + (f" ({r.error})" if r.error else ""))
        arch = run.archived.get(url)
        if arch is not None and arch.as_cited is None:
            parts.append(f"no archived copy ({arch.status.value})")
        elif back is not None and back.document is None:
            parts.append(f"archived copy unreadable ({back.result.error or back.result.status.value})")
        reason = "; ".join(parts) or None
    return live, archived, reason


def _embed_document(run: _Run, quote: Quote) -> Document | None:
    """The original post's text as a document, for a quotation inside (or of) an embedded post."""
    embed_id = quote.embed
    if embed_id is None and quote.source is not None:
        embed_id = next((e.id for e in run.extraction.embeds if e.source == quote.source), None)
    check = run.embed_checks.get(embed_id) if embed_id else None
    if check is None or check.original is None or not check.original.text:
        return None
    embed = next((e for e in run.extraction.embeds if e.id == embed_id), None)
    return Document(
        url=check.original.url or (embed.url if embed else ""),
        text=check.original.text,
        content_type="text/plain",
    )


def _url_of(run: _Run, source_id: str | None) -> str | None:
    source = run.extraction.source(source_id)
    return source.url if source is not None else None


def _complete(run: _Run, url: str) -> bool:
    """Both copies of a source are in (or known to be unavailable)."""
    if url not in run.fetched:
        return False
    arch = run.archived.get(url)
    if arch is None:
        return False
    return arch.as_cited is None or url in run.archived_docs


def _noting_live(run: _Run, url: str | None, check: QuoteCheck) -> QuoteCheck:
    """A verdict from the archived copy alone says why the live page was not used (gone, walled, moved)."""
    fetched = run.fetched.get(url) if url else None
    if check.checked_against != Version.ARCHIVED.value or fetched is None or fetched.document is not None:
        return check
    r = fetched.result
    why = f"live page {r.status.value}" + (f" ({r.error})" if r.error else "")
    why += ": checked against the archived copy"
    return replace(check, note="; ".join(filter(None, [check.note, why])))


def _judge_ready(run: _Run, url: str) -> None:
    """Judge the quotations of one source as soon as its copies are read (others may refine it later)."""
    from verify.match import judge_quote  # noqa: PLC0415

    with run.lock:
        if not _complete(run, url):
            return
        live, archived, reason = _documents(run, url)
        quotes = [q for q in run.extraction.quotes if _url_of(run, q.source) == url and q.embed is None]
    for q in quotes:
        try:
            check = judge_quote(q, live=live, archived=archived, reason=reason, indexes=run.indexes)
            check = _noting_live(run, url, check)
        except Exception as exc:
            check = QuoteCheck(q.id, QuoteVerdict.UNVERIFIABLE, "none", note=_fault(exc))
        with run.lock:
            first = q.id not in run.quote_checks
            run.quote_checks[q.id] = check
        if first:
            run.tick(quotes=1)


def _judge_all(run: _Run) -> None:
    """Final pass: quotations not found where attributed are looked for in the article's other sources."""
    if not run.extraction.quotes:
        return  # nothing to match: the matcher is never imported
    from verify.match import judge_quote  # noqa: PLC0415

    others: dict[str, Document] = {}
    for s in run.extraction.sources:
        if s.url is None:
            continue
        live, archived, _ = _documents(run, s.url)
        doc = live or archived
        if doc is not None:
            others[s.id] = doc
    for q in run.extraction.quotes:
        done = run.quote_checks.get(q.id)
        if done is not None and (done.verdict.found or done.verdict is QuoteVerdict.CHANGED):
            continue
        embed_doc = _embed_document(run, q)
        if embed_doc is not None:
            live, archived, reason = embed_doc, None, None
        else:
            live, archived, reason = _documents(run, _url_of(run, q.source))
            source = run.extraction.source(q.source)
            if source is not None and source.kind is SourceKind.ATTRIBUTION:
                reason = f"attributed to {source.text or 'a named source'} without a link: nothing to check"
            elif source is not None and source.url and source.url not in run.fetched and reason is None:
                reason = "the source was not fetched (skipped)"
        try:
            check = judge_quote(
                q, live=live, archived=archived, others=_without(others, q.source), reason=reason,
                indexes=run.indexes,
            )  # fmt: skip
            if embed_doc is None:
                check = _noting_live(run, _url_of(run, q.source), check)
        except Exception as exc:
            check = QuoteCheck(q.id, QuoteVerdict.UNVERIFIABLE, "none", note=_fault(exc))
        if done is None:
            run.tick(quotes=1)
        run.quote_checks[q.id] = check


def _judge_claims(run: _Run) -> None:
    """Every figure against the live and archived copies of the source it is tied to."""
    from verify.claims.judge import judge_claim  # noqa: PLC0415

    for c in run.extraction.claims:
        live, archived, reason = _documents(run, _url_of(run, c.source))
        source = run.extraction.source(c.source)
        if source is not None and source.kind is SourceKind.ATTRIBUTION:
            reason = f"attributed to {source.text or 'a named source'} without a link: nothing to check"
        try:
            check = judge_claim(c, live=live, archived=archived, reason=reason)
        except Exception as exc:
            check = ClaimCheck(c.id, ClaimVerdict.UNVERIFIABLE, "none", note=_fault(exc))
        run.claim_checks[c.id] = check


def _without(docs: Mapping[str, Document], source_id: str | None) -> dict[str, Document]:
    return {k: v for k, v in docs.items() if k != source_id}


# --------------------------------------------------------------------------- assembling


def _fill_missing(run: _Run) -> None:
    """Every URL gets a value, whatever happened to its stage."""
    plan, faults = run.plan, run.faults
    for url in plan.fetch:
        if url not in run.fetched:
            note = faults.get("fetch", "not fetched")
            run.fetched[url] = Fetched(FetchResult(url=url, status=FetchStatus.BROKEN, error=note))
    for url in plan.skipped:
        skipped = FetchResult(url=url, status=FetchStatus.SKIPPED, error=SKIPPED_NOTE)
        run.fetched.setdefault(url, Fetched(skipped))
        run.archived.setdefault(url, ArchiveResult(ArchiveStatus.SKIPPED, note=SKIPPED_NOTE))
    for url in plan.archive:
        if url not in run.archived:
            if plan.uses_wayback:
                error = faults.get("archive", "no answer from the archive stage")
                run.archived[url] = ArchiveResult(ArchiveStatus.FAILED, error=error)
            else:
                run.archived[url] = ArchiveResult(ArchiveStatus.SKIPPED, note=ARCHIVE_OFF_NOTE)
    for e in run.extraction.embeds:
        if e.id not in run.embed_checks:
            note = faults.get("embeds", "embedded posts were not checked") if plan.embeds else (
                "embedded posts were not checked (--no-embeds)")  # fmt: skip
            run.embed_checks[e.id] = EmbedCheck(e.id, EmbedVerdict.UNVERIFIABLE, note=note)


def _with_recovered(run: _Run) -> Extraction:
    """The extraction with each recovered post's permalink in its embed and its source (and the capture it
    was found in as the source's archived copy), so every renderer shows the post, not the profile."""
    from verify.permalinks import post_id  # noqa: PLC0415

    ex = run.extraction
    checks = {e.id: c for e in ex.embeds if (c := run.embed_checks.get(e.id)) is not None and c.recovered}
    if not checks:
        return ex
    embeds: list[Embed] = []
    urls: dict[str | None, str] = {}
    for e in ex.embeds:
        check = checks.get(e.id)
        if check is None or not check.recovered:
            embeds.append(e)
            continue
        moved = replace(e, url=check.recovered, recovered=True)
        embeds.append(replace(moved, post_id=post_id(moved)))
        urls[e.source] = check.recovered
        if check.archive is not None:
            run.archived[check.recovered] = check.archive
    sources = tuple(replace(s, url=urls[s.id]) if s.id in urls else s for s in ex.sources)
    return replace(ex, embeds=tuple(embeds), sources=sources)


def _report(run: _Run, fail_on: frozenset[str], checked_at: str) -> Report:
    ex = _with_recovered(run)
    sources = []
    for s in ex.sources:
        if s.kind is SourceKind.ATTRIBUTION or not s.url:
            sources.append(SourceCheck(source=s))
            continue
        fetched = run.fetched.get(s.url)
        fetch = fetched.result if fetched else None
        sources.append(SourceCheck(source=s, fetch=fetch, archive=run.archived.get(s.url)))
    return Report(
        checked_at=checked_at,
        extraction=ex,
        sources=tuple(sources),
        embeds=tuple(run.embed_checks[e.id] for e in ex.embeds if e.id in run.embed_checks),
        quotes=tuple(run.quote_checks[q.id] for q in ex.quotes if q.id in run.quote_checks),
        claims=tuple(run.claim_checks[c.id] for c in ex.claims if c.id in run.claim_checks),
        fail_on=fail_on,
    )
