"""Time extraction of the article shapes that were once slow (issue 13.8), doubling each, and print the
growth per doubling: about 2 is linear, about 4 quadratic.

Shapes: unclosed `« word` openings (32k of them at full size, 256 KB), `“…”` pairs (1.2 MB), one paragraph
of 10k quotations between 10k links, a Markdown file of 100k links, and a ~20 MB HTML article. By default
each is timed at an eighth, a quarter and half of its full size; `--full` adds the full size. A shape
whose run passes --limit seconds (default 60) is not doubled further.

Run: PYTHONPATH=src python benchmarks/bench_shapes.py [--full] [--limit SECONDS] [--only NAME]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from verify.extract import extract
from verify.models import InputFormat
from verify.read import ArticleText

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import make_page


def unclosed_guillemets(units: int) -> str:
    return "<html><body><article><p>" + "« word " * units + "</p></article></body></html>"


def curly_pairs(units: int) -> str:
    return "<html><body><article><p>" + "“word word” " * units + "</p></article></body></html>"


def quotes_between_links(units: int) -> str:
    pieces = (
        f'“quoted words {i}” <a href="https://s{i % 500}.example/r/{i}">link {i}</a> ' for i in range(units)
    )
    return "<html><body><article><p>" + "".join(pieces) + "</p></article></body></html>"


def markdown_links(units: int) -> str:
    return "".join(f"- [source {i}](https://site{i % 1000}.example/page/{i})\n" for i in range(units))


def big_article(units: int) -> str:
    return make_page(units, links=500 * max(1, units // 2_000_000), quotes=200 * max(1, units // 2_000_000))


# name: (make, units at full size, input format)
SHAPES: dict[str, tuple[Callable[[int], str], int, InputFormat]] = {
    "unclosed « word": (unclosed_guillemets, 32_000, InputFormat.HTML),
    "“…” pairs": (curly_pairs, 100_000, InputFormat.HTML),
    "quotes × links in one paragraph": (quotes_between_links, 10_000, InputFormat.HTML),
    "100k-link markdown": (markdown_links, 100_000, InputFormat.MARKDOWN),
    "20 MB article": (big_article, 20_000_000, InputFormat.HTML),
}


def timed(text: str, fmt: InputFormat) -> float:
    start = time.perf_counter()
    extract(ArticleText(input="shape", format=fmt, text=text))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time each shape at its full size")
    parser.add_argument(
        "--limit", type=float, default=60.0, help="seconds after which a shape stops doubling"
    )
    parser.add_argument("--only", help="time only the shapes whose name contains this")
    args = parser.parse_args()
    fractions = (8, 4, 2, 1) if args.full else (8, 4, 2)
    worst = 0.0
    for name, (make, full, fmt) in SHAPES.items():
        if args.only and args.only not in name:
            continue
        previous = None
        cells = []
        for fraction in fractions:
            text = make(full // fraction)
            seconds = timed(text, fmt)
            cell = f"{len(text) / 1e6:.2f} MB {seconds:.2f} s"
            if previous:
                ratio = seconds / previous
                worst = max(worst, ratio)
                cell += f" (×{ratio:.2f})"
            cells.append(cell)
            previous = max(seconds, 1e-3)
            if seconds > args.limit:
                cells.append("stopped: over the limit")
                break
        print(f"{name:34} " + " | ".join(cells), flush=True)
    print(f"worst growth per doubling: ×{worst:.2f} (linear: about 2; quadratic: about 4)")


if __name__ == "__main__":
    main()
