"""Score direct quotations and their speakers against PolNeAR's human labels (train and dev splits).

A labelled direct quotation is a double-quoted segment (two words or more) inside a Content span; its
speaker is the relation's Source span. Recall: a labelled quotation is found when one of ours covers the
same words. Speaker accuracy is counted on the quotations found, separately for:
- names (the Source holds a capitalised name): right when our speaker's surname is the label's;
- pronouns (`he`, `she`, `who`): resolved to the entity the pronoun stands for (for `he`/`she` the nearest
  named Source labelled before it whose gender, as the article shows it, does not contradict the pronoun;
  for `who` the name just before it), right when our speaker's surname is that entity's.
`null` is never right; "wrong" counts a name that is not the label's (worse than none).
Run: python evaluation/eval_polnear.py [train|dev] [--verbose]   (both splits by default)
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from verify.extract import extract
from verify.models import InputFormat, Quote
from verify.read import ArticleText

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "polnear"
# a curly pair, or one left open at a paragraph's end when the next paragraph reopens it; a straight pair
_QUOTED = re.compile(r"“([^“”]+?)(?:”|\n(?=\s*“))|(?<!\w)\"([^\"\n]+)\"")
_NORM = re.compile(r"[^\w]+")
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "who": ""}
_CAP = re.compile(r"[A-Z][\w’'\-]+")
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+([A-Z][\w’'\-]+)")
# a few first names by gender, enough to keep "she said" from resolving to the man quoted just before
_MEN = (
    "donald bernie ted marco ben jeb john chris mike barack joe paul eric bill tim jim george rand scott "
    "lindsey martin rick bobby kevin mitch harry robert david michael james richard steve thomas mark jeff "
    "jason brian matt dan frank peter charles tom corey reince newt rudy jared"
)
_WOMEN = (
    "hillary carly sarah nancy elizabeth huma donna debbie melania ivanka michelle nikki susan mary "
    "jennifer karen lisa laura kate anne hope katrina kayleigh loretta condoleezza kellyanne"
)
_FIRST = {**dict.fromkeys(_MEN.split(), "m"), **dict.fromkeys(_WOMEN.split(), "f")}


def norm(text: str) -> str:
    return _NORM.sub(" ", text.lower()).strip()


def surname(name: str) -> str:
    """The last capitalised word of a name, lower-cased ("Sen. Ted Cruz (R-Texas)" → cruz)."""
    name = re.sub(r"\([^)]*\)", " ", name).replace("’s", "").replace("'s", "")
    caps = [c for c in _CAP.findall(name) if c.lower() not in _SUFFIXES]
    return caps[-1].lower() if caps else ""


def label_name(label: str) -> str:
    """The surname a Source label names, or "" when it is a description ("The Republican nominee", "It").

    The first comma-separated part whose last word is capitalised names the person ("Kenneth Baer, a former
    official who runs Crosscut Strategies" → baer; "Another critic, Laurence H. Tribe," → tribe)."""
    label = re.sub(r"\([^)]*\)", " ", label).replace("’s", "").replace("'s", "")
    # "Representative Charles B. Rangel of New York", "Gov. Earl Ray Tomblin of West Virginia": the place
    # after a person's name (two capitalised words or more) is not the name; nor is the outlet or employer
    # after `at` ("Dan McLaughlin at the National Review")
    label = re.sub(r"([A-Z][\w’'\-.]+\s+[A-Z][\w’'\-]+)\s+(?:of|at)\s+(?:the\s+)?[A-Z][^,]*", r"\1", label)
    for part in label.split(","):
        words = [w for w in part.split() if w.strip(".").lower() not in _SUFFIXES]
        if words and _CAP.fullmatch(words[-1].strip(".")) and words[-1].strip(".").lower() not in _NOT_NAMES:
            return words[-1].strip(".").lower()
    return ""


# Labels that are no one's name: pronouns, groups, parties and demonyms, bare roles ("The Republican",
# "Delegates", "her", "the bureau's Chief"); a name's suffix is not its surname ("Daniel Jordan III").
_NOT_NAME_WORDS = (
    "it i we they he she q a you who this that her his him them us me one another "
    "republican republicans democrat democrats european europeans american americans conservative "
    "conservatives liberal liberals progressive progressives police officials delegates documents "
    "chief director official spokesman spokeswoman aide aides sources source critics supporters analysts "
    "experts politics monday tuesday wednesday thursday friday saturday sunday"
)
_NOT_NAMES = set(_NOT_NAME_WORDS.split())
_SUFFIXES = {"ii", "iii", "iv", "jr", "sr"}


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str  # the quoted words
    start: int  # offset of the quoted words in the article
    source: str  # the Source span's text
    source_start: int
    kind: str  # "name", "pronoun" or "other"
    referent: str | None  # for a pronoun: the entity it stands for


def _spans(ann: str) -> tuple[dict[str, tuple[str, int, int]], list[dict[str, str]]]:
    spans: dict[str, tuple[str, int, int]] = {}
    relations = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, ranges = parts[1].partition(" ")
            pieces = [r.split() for r in ranges.split(";")]
            try:
                spans[parts[0]] = (kind, int(pieces[0][0]), int(pieces[-1][1]))
            except (ValueError, IndexError):
                continue
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(r.split(":", 1) for r in parts[1].split() if ":" in r))
    return spans, relations


def _genders(text: str) -> dict[str, str]:
    """Surname → "m"/"f" where the article shows it (Mr./Mrs. X, or a known first name before X)."""
    out: dict[str, str] = {}
    for m in _HONORIFIC.finditer(text):
        out.setdefault(m.group(2).lower().rstrip("’'s"), "m" if m.group(1) == "Mr" else "f")
    for m in re.finditer(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w’'\-]+)", text):
        g = _FIRST.get(m.group(1).lower())
        if g:
            out.setdefault(m.group(2).lower(), g)
    return out


def _who(before: str) -> str:
    """The name a relative `who` follows, read like a Source label from its clause's start ("Sen. Marco Rubio
    of Florida, who" → rubio; "McConnell, now the Senate majority leader, who" → mcconnell; "But the star
    journalist, who" → "": a description)."""
    clause = re.split(r"[.!?;:]['’]?\s|\n|[“”\"]", before)[-1]
    name = label_name(clause)
    return "" if name in _NOT_PEOPLE else name


# A he or she never stands for an outlet, a place or an institution labelled as a Source ("according to
# Right Wing Watch", "a reporter for Agence France-Presse", "Atlantic City", "the White House").
_NOT_PEOPLE_WORDS = (
    "watch post times house university college institute committee project party league partnership review "
    "tribune news journal magazine network city court department senate congress france-presse foundation "
    "center centre council union group campaign others"
)
_NOT_PEOPLE = set(_NOT_PEOPLE_WORDS.split())


def labelled(text: str, ann: str) -> list[Labelled]:
    """The direct quotations labelled in one .ann file, in order."""
    spans, relations = _spans(ann)
    named: list[tuple[int, str]] = []  # (offset, surname) of every Source that holds a name
    for kind, a, b in spans.values():
        if kind == "Source" and label_name(text[a:b]):
            named.append((a, label_name(text[a:b])))
    named.sort()
    genders = _genders(text)
    out: list[Labelled] = []
    for rel in relations:
        content, source = spans.get(rel.get("Content", "")), spans.get(rel.get("Source", ""))
        if content is None:
            continue
        src = text[source[1] : source[2]] if source else ""
        s_start = source[1] if source else content[1]
        low = src.strip().lower()
        referent = None
        if low in _PRONOUNS:
            kind = "pronoun"
            if low == "who":
                referent = _who(text[max(0, s_start - 120) : s_start]) or None
            else:
                want = _PRONOUNS[low]
                for at, name in reversed(named):
                    if at < s_start and genders.get(name, want) == want and name not in _NOT_PEOPLE:
                        referent = name
                        break
        elif label_name(src):
            kind = "name"
        else:
            kind = "other"
        lo = max(0, content[1] - 1)  # a mark just outside the span (annotators differ) still counts
        for m in _QUOTED.finditer(text[lo : content[2] + 1]):
            words = m.group(1) or m.group(2)
            if len(words.split()) >= 2:
                out.append(Labelled(words.strip(), lo + m.start(), src, s_start, kind, referent))
    return out


def _ours(quotes: tuple[Quote, ...], gold: Labelled, line: int) -> Quote | None:
    """Our quotation for a labelled one: one that holds its opening words (or that it holds), the one
    nearest its line first (a headline's copy of a quotation or a quotation nested inside it is not it),
    then the one sharing most of its words."""
    want = norm(gold.text)
    head = want[:40]
    found = []
    for q in quotes:
        ours = norm(q.text)
        if ours and (head in ours or ours[:40] in want):
            found.append((abs(q.line - line), -min(len(ours), len(want)), q))
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def score(split: str, verbose: bool = False) -> dict[str, float]:
    """The figures for one split (empty when the data is absent)."""
    folder = POLNEAR / split
    c: Counter[str] = Counter()
    started = time.perf_counter()
    for txt in sorted(folder.glob("*.txt")):
        anns = sorted(folder.glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        text = txt.read_text(encoding="utf-8")
        ex = extract(ArticleText(input=txt.name, format=InputFormat.TEXT, text=text))
        c["articles"] += 1
        for gold in labelled(text, anns[0].read_text(encoding="utf-8")):
            c["total"] += 1
            q = _ours(ex.quotes, gold, text.count("\n", 0, gold.start) + 1)
            if q is None:
                if verbose:
                    print(f"MISS {txt.stem[:40]}: {gold.text[:80]!r}")
                continue
            c["found"] += 1
            want = gold.referent if gold.kind == "pronoun" else label_name(gold.source)
            if gold.kind == "pronoun" and not want:
                c["pronoun_unresolved"] += 1
                continue
            if gold.kind == "other":
                continue
            c[gold.kind] += 1
            got = surname(q.speaker or "")
            if got and got == want:
                c[gold.kind + "_right"] += 1
            elif got:
                c[gold.kind + "_wrong"] += 1
                if verbose:
                    print(f"WRONG {txt.stem[:30]} {gold.kind} {gold.source!r}->{want} ours={q.speaker!r}")
            elif verbose:
                print(f"NULL {txt.stem[:30]} {gold.kind} {gold.source!r}->{want}: {gold.text[:50]!r}")
    if not c["total"]:
        return {}
    return {
        "articles": c["articles"],
        "quotations": c["total"],
        "recall": c["found"] / c["total"],
        "names": c["name"],
        "name_right": c["name_right"] / max(c["name"], 1),
        "name_wrong": c["name_wrong"] / max(c["name"], 1),
        "pronouns": c["pronoun"],
        "pronoun_right": c["pronoun_right"] / max(c["pronoun"], 1),
        "pronoun_wrong": c["pronoun_wrong"] / max(c["pronoun"], 1),
        "seconds": time.perf_counter() - started,
    }


def main() -> int:
    if not POLNEAR.is_dir():
        print(f"no PolNeAR data at {POLNEAR}: nothing to evaluate")
        return 0
    splits = [a for a in sys.argv[1:] if a in ("train", "dev")] or ["train", "dev"]
    for split in splits:
        s = score(split, "--verbose" in sys.argv)
        if not s:
            continue
        print(
            f"PolNeAR {split}: {s['articles']:.0f} articles, {s['quotations']:.0f} direct quotations, "
            f"recall {s['recall']:.3f}; speaker right for names {s['name_right']:.3f} (wrong "
            f"{s['name_wrong']:.3f}, n={s['names']:.0f}), for pronouns {s['pronoun_right']:.3f} "
            f"(wrong {s['pronoun_wrong']:.3f}, n={s['pronouns']:.0f}); {s['seconds']:.1f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
