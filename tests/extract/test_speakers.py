"""Speakers through the article's entity tracker, quotation styles, split quotations and attributions of
every kind (issue 10 items 3-5); fictional sentences throughout."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.extract import extract
from verify.extract.attributions import find_attributions
from verify.extract.entities import Entities, cut_at_period, lowered_words
from verify.models import AttributionKind, Extraction, InputFormat, Platform
from verify.read import ArticleText, load

ROOT = Path(__file__).resolve().parents[2]


def _text(body: str) -> Extraction:
    return extract(ArticleText(input="t.txt", format=InputFormat.TEXT, text=body))


def _speakers(body: str) -> dict[str, str | None]:
    return {q.text.rstrip(".,"): q.speaker for q in _text(body).quotes}


# --------------------------------------------------------------------------- the blog-post fixture


@pytest.fixture(scope="module")
def blog() -> Extraction:
    return extract(load(str(ROOT / "fixtures/articles/blog-post.txt")))


def test_blog_post_every_speaker_right(blog: Extraction) -> None:
    speakers = {q.text.rstrip(".,"): q.speaker for q in blog.quotes}
    assert speakers == {
        "We offered the operator every subsidy the law allows": "Lise Dahren",  # "the minister"
        "They wanted more than the law allows": "Lise Dahren",
        "We will not let the islands be cut off": "Lise Dahren",  # "she"
        "and we will sail the ferries ourselves if we must": "Lise Dahren",
        "The subsidy on the table does not cover the fuel": "Skarv Lines",  # "the company"
        "every legal option open": "a Skarv Lines spokesperson",  # unnamed, as written
        "Nobody has told us whether we have a job in November": "Jonas Hilde",  # "the 56-year-old"
        "We read about our own future in the newspaper": "Jonas Hilde",  # a quote-only paragraph
        "Some of us will move to the mainland before the first storm": "Mette Ossian",
        "The harbour will be ready for any ship the state sends": "Brask Harbour Authority",
        "The government has known about this contract for two years": "Per Valdt",
        "It waited until May": "Per Valdt",
        "The state ferry will sail from Brask on the first of November": "Lise Dahren",
        "No island will be left behind": "Lise Dahren",  # its words are in her post
    }


def test_blog_post_attributions_and_flattened_post(blog: Extraction) -> None:
    kinds = {(a.kind, a.name) for a in blog.attributions}
    assert (AttributionKind.CONFIRMED_TO, "Brask News Service") in kinds  # the object after the clause
    assert (AttributionKind.TOLD, "Skerry Weekly") in kinds
    assert (AttributionKind.TOLD, "Coastal Post") in kinds  # in a statement to …
    assert (AttributionKind.REPORTED_BY, "Brask News Service") in kinds  # …, X reported
    assert (AttributionKind.OTHER, "Brask Harbour Authority") in kinds  # X said in a statement
    (post,) = blog.embeds
    assert post.platform is Platform.TWITTER and post.author_name == "Lise Dahren"
    assert post.text and post.text.startswith("The state ferry will sail from Brask")
    last = blog.quotes[-1]
    assert last.embed == post.id and last.source == post.source


def test_blog_post_split_quotation_is_linked(blog: Extraction) -> None:
    first, second = (q for q in blog.quotes if q.line == 9)
    assert second.continues == first.id and first.continues is None
    assert second.speaker == first.speaker


# --------------------------------------------------------------------------- the tracker


def _tracker(paragraphs: list[str]) -> Entities:
    return Entities(paragraphs, {}, [[] for _ in paragraphs], lowered_words(paragraphs))


def test_tracker_names_roles_and_gender() -> None:
    t = _tracker(
        [
            "The country's foreign minister, Ilka Varro, met Tobias Renn, 56, on Monday.",
            "She said the talks would go on. The Grelt Shipping Company, which owns the ferries, was silent.",
        ]
    )
    varro = t.lookup("Varro")
    assert varro and varro.name == "Ilka Varro" and "country's foreign minister" in varro.roles
    assert t.described("the minister", 1, 999) == "Ilka Varro"
    assert t.described("the 56-year-old", 1, 999) == "Tobias Renn"
    assert t.described("the company", 1, 999) == "Grelt Shipping Company"
    assert t.pronoun("she", 1, 0) == "Ilka Varro"  # the subject, not the last name before it
    assert t.lookup("Monday") is None


def test_a_pronoun_opening_a_sentence_shows_the_gender_of_the_person_before_it() -> None:
    t = _tracker(
        ["Kiri Loam runs the port. She hates delays.", "Brann Tull runs the yard. His crews are slow."]
    )
    assert (t.lookup("Kiri Loam").sex(), t.lookup("Brann Tull").sex()) == ("f", "m")  # type: ignore[union-attr]


def test_pronoun_takes_the_subject_of_the_right_gender() -> None:
    got = _speakers(
        "Mara Quell, who chairs the board, met Oren Tass on Friday. Tass said his door was open.\n\n"
        "“We have nothing to hide,” she said.\n\n"
        "Oren Tass spoke later. He praised Mara Quell for her patience.\n\n"
        "“It was a good meeting,” he said."
    )
    assert got == {"We have nothing to hide": "Mara Quell", "It was a good meeting": "Oren Tass"}


def test_a_pronoun_opening_the_sentence_before_passes_its_name_on() -> None:
    got = _speakers(
        "Dana Welk runs the port. She has clashed with Bram Olter and his deputy, Sara Lint, over fees.\n\n"
        "“Nobody told us,” she said."
    )
    assert got == {"Nobody told us": "Dana Welk"}


@pytest.mark.parametrize(
    "body",
    [
        "Children in the valley walk to school. Children “have no other way to get there,” the report says.",
        "Talking about the ferry, “we have waited long enough for this,” a resident added.",
        "Americans “will pay for this twice over,” the paper wrote.",
        "In March “the rules changed overnight for everyone,” it said.",
        "Er sagte: „Das werden wir nicht hinnehmen.“",
        "„Wir bleiben bei unserem Nein“, sagte Sie am Abend.",
    ],
)
def test_common_words_months_demonyms_and_pronouns_are_never_names(body: str) -> None:
    for quote in _text(body).quotes:
        assert quote.speaker in (None, "a resident"), (body, quote.speaker)


def test_cut_at_period_keeps_the_name() -> None:
    assert cut_at_period("Brask. Mette Ossian", 0) == ("Mette Ossian", 7)
    assert cut_at_period("Valdorian Environment Agency. The", 0)[0] == "Valdorian Environment Agency."
    assert cut_at_period("Dr. Lena Marsh", 0)[0] == "Dr. Lena Marsh"


# --------------------------------------------------------------------------- cue forms


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Henrike Saal leitet das Amt. „Wir prüfen jeden Antrag genau“, sagte sie.", "Henrike Saal"),
        ("„Wir prüfen jeden Antrag genau“, so Henrike Saal.", "Henrike Saal"),
        ("Dazu erklärt Henrike Saal: „Wir prüfen jeden Antrag genau.“", "Henrike Saal"),
        ("« Nous examinons chaque demande », a déclaré Odile Ferrand.", "Odile Ferrand"),
        ("Odile Ferrand dirige. « Nous examinons chaque demande », explique-t-elle.", "Odile Ferrand"),
        ("“Revisamos cada solicitud con cuidado”, dijo Inés Olmedo.", "Inés Olmedo"),
        ("“Esaminiamo ogni domanda con cura”, ha detto Lia Brenta.", "Lia Brenta"),
        ("“We bekijken elke aanvraag zorgvuldig”, zei Joost Maren.", "Joost Maren"),
        ("“Analisamos cada pedido com cuidado”, disse Rui Tavora.", "Rui Tavora"),
        ("“WE WILL NOT MOVE,” SHOUTED Pell Narro at the rally.", "Pell Narro"),
        ("“The figures do not add up,” Sen. Ava Quist (D-Ore.) said.", "Ava Quist"),
        ("“The figures do not add up at all.” ― Ava Quist", "Ava Quist"),
        ("“The figures do not add up,” said Brook TV host Ava Quist.", "Ava Quist"),
        ("“We will review the contract,” a Grelt spokesperson said.", "a Grelt spokesperson"),
    ],
)
def test_cue_forms(body: str, speaker: str) -> None:
    (quote,) = _text(body).quotes
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("Ilka Varro confirmed that the talks had ended to the Norder News Agency.", "confirmed-to",
         "Norder News Agency"),
        ("The board said in a statement to the Kessel Ledger that it would appeal.", "told", "Kessel Ledger"),
        ("The ferries stop in May, the Brask Evening Post reported.", "reported-by", "Brask Evening Post"),
        ("The Grelt Shipping Company said in a statement that it would appeal.", "other",
         "Grelt Shipping Company"),
        ("Das sagte Saal der Zeitung „Nordblatt“ am Montag.", "told", "Nordblatt"),
        ("Selon Le Courrier du Port, le contrat est signé.", "according-to", "Le Courrier du Port"),
        ("Laut Hafenblatt ist der Vertrag unterschrieben.", "according-to", "Hafenblatt"),
        ("Según El Diario del Puerto, el contrato está firmado.", "according-to", "El Diario del Puerto"),
    ],
)  # fmt: skip
def test_attributions_of_every_kind(text: str, kind: str, name: str) -> None:
    assert (kind, name) in {(k.value, n) for k, n, _, _ in find_attributions(text)}


def test_a_person_reporting_is_no_attribution() -> None:
    assert not list(find_attributions("Ilka Varro reported the loss on Monday."))
    assert not list(find_attributions("Ilka Varro said in a statement that she would stay."))
