"""Time extraction of a generated 2 MB article page (500 links, 200 quotations, 20 embeds) and a 4 MB one.

Targets: 2 MB under 1 s; 4 MB under 2.5x the 2 MB time. Prints figures and ratios.
"""

from __future__ import annotations

import statistics
import time

from verify.extract import extract
from verify.models import InputFormat
from verify.read import ArticleText

FILLER = "The harbour board met again on Tuesday to discuss the schedule, the budget and the dredging plan. "


def make_page(target_bytes: int, links: int = 500, quotes: int = 200, embeds: int = 20) -> str:
    paras: list[str] = []
    n = 0
    i = -1
    while True:
        i += 1
        body = FILLER * 3
        if i < links:
            body += f'See <a href="https://source{i % 97}.example/report/{i}?utm_source=x">report {i}</a>. '
        if i < quotes:
            body += f"“We will review item {i} carefully,” said Board Member Alex Rowan{i % 7}. "
        paras.append(f"<p>{body}</p>")
        if i < embeds:
            paras.append(
                f'<blockquote class="twitter-tweet"><p lang="en">Post number {i} about the harbour.</p>'
                "&mdash; Harbour Desk (@harbourdesk) "
                f'<a href="https://twitter.com/harbourdesk/status/{10**18 + i}">'
                "May 17, 2026</a></blockquote>"
            )
        n += len(paras[-1])
        if n >= target_bytes and i >= max(links, quotes):
            break
    chrome = (
        "<nav>" + "".join(f'<a href="https://www.example/{k}">Section {k}</a>' for k in range(50)) + "</nav>"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Bench</title>"
        "<meta property='article:published_time' content='2026-05-17'></head><body>"
        f"{chrome}<article>{''.join(paras)}</article><footer>© Bench</footer></body></html>"
    )


def adversarial(kind: str, size: int = 1_000_000) -> str:
    """Run-on text that once made scans quadratic: no sentence ends, unclosed brackets and anchors."""
    unit = {
        "json": '{"title": "Harbour \\"news\\" said Ana Voss", "items": [1, [3, "x by y on May 1, 2020"]], ',
        "markdown": '[unclosed link text <a href="https://a.example/"> said “Mayor Voss” (@voss) and ',
    }[kind]
    return unit * (size // len(unit))


def timed(text: str, runs: int = 3, fmt: InputFormat = InputFormat.HTML) -> float:
    article = ArticleText(input="bench", format=fmt, text=text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        extract(article)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    two = make_page(2_000_000)
    four = make_page(4_000_000)
    ex = extract(ArticleText(input="bench.html", format=InputFormat.HTML, text=two))
    t2 = timed(two)
    t4 = timed(four)
    print(
        f"2 MB page: {len(two) / 1e6:.2f} MB, {len(ex.sources)} sources, {len(ex.quotes)} quotes, "
        f"{len(ex.embeds)} embeds: {t2:.3f} s (target < 1 s)"
    )
    print(f"4 MB page: {len(four) / 1e6:.2f} MB: {t4:.3f} s; ratio 4MB/2MB = {t4 / t2:.2f} (target < 2.5)")
    for kind, fmt in (("json", InputFormat.TEXT), ("markdown", InputFormat.MARKDOWN)):
        half = timed(adversarial(kind, 500_000), runs=1, fmt=fmt)
        full = timed(adversarial(kind, 1_000_000), runs=1, fmt=fmt)
        print(
            f"run-on {kind} as {fmt.value} (a quotation every ~80 bytes): 0.5 MB {half:.3f} s, "
            f"1 MB {full:.3f} s; ratio {full / half:.2f} (linear: about 2)"
        )


if __name__ == "__main__":
    main()
