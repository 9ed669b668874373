"""Floors on the real-world extraction figures (evaluation/eval_polnear.py, eval_body.py), so a change that
drops them fails; skipped when ../shared/realworld is absent (it is never part of the project)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT.parent / "shared" / "realworld" / "polnear"

# PolNeAR dev split, measured when each was raised; a floor sits a little under the measured figure.
# Raised with the entity tracker (issue 10.4): measured dev 0.768 / 0.621, wrong 0.070 / 0.219; raised
# with pronouns through cue subjects, asides and the article's most-named surname: measured dev names
# 0.930 (wrong 0.013), pronouns 0.864 (wrong 0.107).
FLOORS = {"recall": 0.99, "name_right": 0.92, "pronoun_right": 0.855}
CEILINGS = {"name_wrong": 0.02, "pronoun_wrong": 0.115}  # a wrong name is worse than none


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "evaluation" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (POLNEAR / "dev").is_dir(), reason="../shared/realworld/polnear is not present")
def test_polnear_dev_floors() -> None:
    figures = _module("eval_polnear").score("dev")
    assert figures, "no labelled quotations read"
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, f"{key} {figures[key]:.3f} fell below {floor}"
    for key, ceiling in CEILINGS.items():
        assert figures[key] <= ceiling, f"{key} {figures[key]:.3f} rose above {ceiling}"


REALWORLD = ROOT.parent / "shared" / "realworld"
# Body scoping and embeds on the real pages (evaluation/eval_body.py), per corpus: (link precision,
# link recall, body-text recall, embed recall), a little under what was measured when raised; and the
# most pages allowed to find no body link where their ground truth has some.
BODY_FLOORS = {
    # raised with chrome lines, body roots and trailing link lists (issue 10.1), measured: articles 0.983 /
    # 0.945 / 0.936, aeb 0.941 / 0.989 / 0.988, readability 0.980 / 0.978 / 0.920, newspaper4k 0.919 /
    # 0.905 / 0.966, overall 0.971 / 0.977 / 0.950
    "articles": (0.97, 0.93, 0.92, 1.0),
    "more/aeb": (0.93, 0.98, 0.98, 1.0),
    "more/readability": (0.97, 0.97, 0.95, 1.0),  # text recall 0.963 with <div><span> bodies
    "more/newspaper4k": (0.91, 0.89, 0.96, 1.0),
    "overall": (0.96, 0.97, 0.96, 1.0),
}
MOST_ZERO_LINK_PAGES = 2  # readability mozilla-1 (a product page) and nytimes-5 (a section front)


@pytest.mark.skipif(not (REALWORLD / "more").is_dir(), reason="../shared/realworld/more is not present")
def test_body_scoping_floors() -> None:
    scores = _module("eval_body").evaluate()
    for corpus, floors in BODY_FLOORS.items():
        s = scores[corpus]
        got = (s.precision, s.recall, s.text_recall, s.embed_recall)
        for name, value, floor in zip(
            ("precision", "recall", "text recall", "embed recall"), got, floors, strict=True
        ):
            assert value is not None and value >= floor, f"{corpus} {name} {value} fell below {floor}"
    assert len(scores["overall"].zero_link_pages) <= MOST_ZERO_LINK_PAGES, scores["overall"].zero_link_pages
