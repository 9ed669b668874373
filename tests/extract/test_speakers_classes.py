"""Speaker classes met on real political news (PolNeAR, news pages), each pinned on fictional sentences:
sentence subjects, possessors of a speech noun, roles between names, appositives, inverted cues, who-
clauses, title-case headlines, pronouns through the last speaker, and names cleaned of stray words."""

from __future__ import annotations

import pytest

from verify.extract import extract
from verify.models import InputFormat
from verify.read import ArticleText


def _speakers(body: str) -> dict[str, str | None]:
    quotes = extract(ArticleText(input="t.txt", format=InputFormat.TEXT, text=body)).quotes
    return {q.text.rstrip(".,"): q.speaker for q in quotes}


@pytest.mark.parametrize(
    ("body", "quoted", "speaker"),
    [
        # the subject of the quotation's own sentence, whatever its verb
        (
            "In a harbour speech, Ana Voss attacked “the timetable of neglect.”",
            "the timetable of neglect",
            "Ana Voss",
        ),
        ("Ana Voss hammered the board, calling its plan a “slow wreck.”", "slow wreck", "Ana Voss"),
        # a participle's subject is its clause's, a pronoun too (not the word that opens the sentence)
        (
            "Ana Voss spoke first.\n\nHours later, she issued a statement calling the plan “a slow wreck.”",
            "a slow wreck",
            "Ana Voss",
        ),
        # a speech noun's possessor
        (
            "The council checked Ana Voss’s claim that there were “hundreds of cancellations.”",
            "hundreds of cancellations",
            "Ana Voss",
        ),
        # `said Name` later in the sentence, and a role between two names
        (
            "The ferries “ran empty” all winter, said Brask University economist Odo Lintel.",
            "ran empty",
            "Odo Lintel",
        ),
        ("“We are ready,” said Voss ally Per Valdt.", "We are ready", "Per Valdt"),
        # of names sharing one cue: the appositive's head, or the name after an inverted cue
        (
            "Mira Tolk, a former adviser to Voss, said the plan was “dead on arrival.”",
            "dead on arrival",
            "Mira Tolk",
        ),
        (
            "The trouble with Brask, says Odo Lintel, a historian at the college, is that it “never waits.”",
            "never waits",
            "Odo Lintel",
        ),
        # a relative clause's name
        (
            "The board heard from Sen. Ilse Marr of Valdoria, who warned that the route was “a lifeline.”",
            "a lifeline",
            "Ilse Marr",
        ),
        # a relative clause's name after an appositive
        (
            "The board clashed with Valdt, now the harbour master, who said the tugs were “past saving.”",
            "past saving",
            "Valdt",
        ),
        # the cue of the sentence before, in the same paragraph
        (
            "The route will close in May, Voss said. “Nobody is happy about it.”",
            "Nobody is happy about it",
            "Voss",
        ),
    ],
)
def test_speaker_classes(body: str, quoted: str, speaker: str) -> None:
    assert _speakers(body)[quoted] == speaker


def test_no_speaker_from_a_plural_noun_or_a_capitalised_cue_after_a_name() -> None:
    got = _speakers(
        "In the square, Voss supporters chanted “Keep the ferry.”\n\n"
        "The Valdorian States would take “robust steps” in response."
    )
    assert got == {"Keep the ferry": None, "robust steps": None}


def test_title_case_headline_verbs_are_cues_not_names() -> None:
    got = _speakers(
        "Ana Voss Thanked The Board For Its Patience. “Thank you for waiting with us,” the text went on.\n\n"
        "“We will sail again,” she said."
    )
    assert got["We will sail again"] == "Ana Voss"
    assert "Thanked" not in str(got)


def test_pronoun_prefers_the_subject_of_its_own_paragraph_over_the_last_speaker() -> None:
    got = _speakers(
        "“The fares will rise,” said Odo Lintel, the harbour economist.\n\n"
        "Meanwhile Per Valdt, who runs the night ferry, spoke about the crews. “They are tired,” he said."
    )
    assert got["They are tired"] == "Per Valdt"


def test_pronoun_continues_the_last_speaker_when_no_one_else_is_named() -> None:
    got = _speakers(
        "“The fares will rise,” said Odo Lintel, the harbour economist.\n\n"
        "“And they will rise again in spring,” he said."
    )
    assert got["And they will rise again in spring"] == "Odo Lintel"


def test_a_name_that_only_qualifies_a_role_is_not_the_referent() -> None:
    got = _speakers(
        "Voss campaign spokesman Jon Arle told reporters the plan was costed.\n\n"
        "“We have the figures,” he said."
    )
    assert got["We have the figures"] == "Jon Arle"


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Accordingly Turkey said: “We will appeal.”", None),  # an adverb and a country: no one
        ("“We will appeal,” said Brask Harbour's Mira Tolk.", "Mira Tolk"),
        ("“We will appeal,” said NASO Ilse Marr.", "Ilse Marr"),
        ("“We will appeal,” said the Valdorian Prosecution Authority.", "Valdorian Prosecution Authority"),
    ],
)
def test_names_are_cleaned_of_stray_words(body: str, speaker: str | None) -> None:
    assert _speakers(body)["We will appeal"] == speaker


@pytest.mark.parametrize(
    "intro",
    [
        "Harbour pilot Jon Arle echoed:",
        "Jon Arle continued his complaint.",
        "Said Jon Arle, who pilots the tug:",
    ],
)
def test_a_paragraph_opening_with_a_quotation_takes_the_speaker_its_intro_names(intro: str) -> None:
    got = _speakers(f"The ferry was late again on Monday.\n\n{intro}\n\n“Nobody checks the tides any more.”")
    assert got["Nobody checks the tides any more"] == "Jon Arle"


def test_an_intro_that_holds_its_own_quotation_gives_nothing_on() -> None:
    got = _speakers("Jon Arle called the plan “late.”\n\n“The tides do not wait,” the sign said.")
    assert got["The tides do not wait"] is None


def test_an_unresolved_he_does_not_fall_back_to_a_woman_who_spoke_before() -> None:
    got = _speakers("“We sail at dawn,” said Ana Voss, the harbour master. “Not one minute later,” he said.")
    assert got["We sail at dawn"] == "Ana Voss"
    assert got["Not one minute later"] is None


def test_a_short_title_does_not_end_a_sentence() -> None:
    got = _speakers("“The ferry must run,” said Del. Ilse Marr of the Outer Isles.")
    assert got["The ferry must run"] == "Ilse Marr"


def test_a_possessive_is_not_a_speaker_of_the_noun_after_it() -> None:
    got = _speakers("“We were never told,” harbour spokesman Jon Arle said before Ana Voss’s comments.")
    assert got["We were never told"] == "Jon Arle"


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # two appositives between the name and its cue
        (
            "Ilse Marr, head of the Brask Ferry Union, which speaks for 400 crews, said the plan was "
            "“far too late.”",
            "Ilse Marr",
        ),
        # the name after "told" is who listened
        ("Jon Arle told the Brask Courier, “We were never asked.”", "Jon Arle"),
    ],
)
def test_appositives_and_listeners(body: str, speaker: str) -> None:
    assert next(iter(_speakers(body).values())) == speaker


def test_a_name_inside_an_appositive_after_the_quotation_is_not_its_speaker() -> None:
    got = _speakers(
        "“It is an invasion of our waters,” Ilse Marr, the harbour master of Brask, one of the towns suing "
        "the Valdorian Ferry Board, said on Monday."
    )
    assert got["It is an invasion of our waters"] == "Ilse Marr"


def test_a_quotation_closing_the_writers_sentence_ends_it() -> None:
    got = _speakers(
        'Mayor Ilse Marr said the ferry would run but said "the question is the timing." '
        'Harbour master Jon Arle said it would be "improper and unwise" to promise more.'
    )
    assert got["the question is the timing"] == "Ilse Marr"
    assert got["improper and unwise"] == "Jon Arle"


def test_a_quotation_opening_a_sentence_keeps_the_cue_after_it() -> None:
    assert (
        _speakers('"We will sail at dawn." Jon Arle said so on Monday.')["We will sail at dawn"] == "Jon Arle"
    )


@pytest.mark.parametrize(
    "reported",
    [
        "Captain Per Valdt ran the ferry line into the ground, Odo Lintel said.",
        "Captain Per Valdt ran the ferry line into the ground, said Odo Lintel, a harbour economist.",
        "Captain Per Valdt, Odo Lintel says, ran the ferry line into the ground.",
    ],
)
def test_a_pronoun_stands_for_the_speaker_of_the_sentence_before_not_its_first_name(reported: str) -> None:
    got = _speakers(f"{reported}\n\n“Nobody trusts the timetable now,” he said.")
    assert got["Nobody trusts the timetable now"] == "Odo Lintel"


def test_a_cue_named_since_the_last_speaker_takes_the_pronoun() -> None:
    got = _speakers(
        "“The fares will rise,” said Per Valdt, the ferry chief.\n\n"
        "The crossings are late half the time, noted the Brask Courier’s Odo Lintel.\n\n"
        "“Nobody trusts the timetable now,” he wrote."
    )
    assert got["Nobody trusts the timetable now"] == "Odo Lintel"


@pytest.mark.parametrize(
    "opener",
    [
        "Asked about Captain Per Valdt,",
        "In describing Captain Per Valdt,",
        "Soon after meeting Captain Per Valdt,",
    ],
)
def test_a_name_in_an_opening_phrase_is_not_what_a_later_pronoun_stands_for(opener: str) -> None:
    got = _speakers(
        f"{opener} Odo Lintel, the harbour master, shrugged and looked away.\n\n"
        "“He never sails on time,” he said."
    )
    assert got["He never sails on time"] == "Odo Lintel"


@pytest.mark.parametrize(
    "before",
    [
        "The cadets marched past Brask Point at dawn and nobody on the quay waved back at them.",  # a place
        "Ilse Marr, an Outer Isles-based lawyer, argued the ferry case on Monday.",  # a compound
        "The crews looked ahead to the spring vote in South Dakota and the fares that would follow.",
        "The Valdorian National Convention opened on Monday with a speech about the ferry crews.",
    ],
)
def test_a_he_that_fits_no_one_shown_to_be_a_man_is_left_unresolved(before: str) -> None:
    assert _speakers(f"{before}\n\n“We were ready for it,” he said.")["We were ready for it"] is None


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # one word that an appositive or an age describes is someone
        ("Her father, Brad, 39, worried about the fares.\n\n“Nobody listens to us,” he said.", "Brad"),
        ("Per Valdt’s wife, Mira, runs the harbour café.\n\n“We never close,” she said.", "Mira"),
        # an opening phrase ends at its comma, even one inside a quotation
        (
            "At a rally billed as “Ferries for All,” Ana Voss unveiled a plan.\n\n"
            "“We sail at dawn,” she said.",
            "Ana Voss",
        ),
    ],
)
def test_who_a_pronoun_after_a_short_introduction_stands_for(body: str, speaker: str) -> None:
    assert list(_speakers(body).values())[-1] == speaker


def test_a_bare_surname_is_the_person_the_article_names_most_not_the_spouse_named_last() -> None:
    got = _speakers(
        "Senator Ilse Marr opened the ferry debate on Monday. Marr spoke for an hour. Marr then took "
        "questions about the crossing.\n\n"
        "Her husband, Jon Marr, sat in the front row of the hall.\n\n"
        "“We will not close the crossing,” Marr said."
    )
    assert got["We will not close the crossing"] == "Ilse Marr"


def test_a_word_run_into_a_name_does_not_hide_the_clause_it_opens() -> None:
    got = _speakers(
        "Captain Per Valdt spoke to the crews at dawn.\n\n"
        "While Odo Lintel had the harbour staff behind him, that worried Captain Jon Arle of the tugs.\n\n"
        "“Nobody asked the tug crews,” he said."
    )
    assert got["Nobody asked the tug crews"] == "Jon Arle"


def test_a_person_introduced_with_a_description_takes_the_next_pronoun_from_the_last_speaker() -> None:
    got = _speakers(
        "“The fares will rise,” said Captain Per Valdt.\n\n"
        "The ferries ran late for Ana Voss and that worries Odo Lintel, head of the Brask tug union.\n\n"
        "“Nobody asked the tug crews,” he said."
    )
    assert got["Nobody asked the tug crews"] == "Odo Lintel"


def test_he_s_read_as_a_name_is_still_the_pronoun() -> None:
    got = _speakers(
        "“The fares will rise,” said Captain Per Valdt.\n\nHe’s claiming that the timetable is “a lie.”"
    )
    assert got["a lie"] == "Per Valdt"


@pytest.mark.parametrize(
    "before",
    [
        "The tug crews sailed from San Brask on Monday, and the harbour staff waved at them.",
        "The harbour master said the U.S. needed more ferries, and the crews on the quay agreed with that.",
        "The crews on the quay fought the Valdorian Guard all winter over the price of the ferry fares.",
        "The cadets sailed to West Brask on Monday, and nobody on the quay waved back at them at all.",
        "The crews counted the votes after Super Tuesday, and nobody on the quay waved back at them.",
        "The crews cheered as North Dakota, the last stop, came into sight on the long crossing.",
    ],
)
def test_a_place_or_a_thing_is_not_what_a_pronoun_stands_for(before: str) -> None:
    assert _speakers(f"{before}\n\n“We were ready for it,” he said.")["We were ready for it"] is None


def test_a_sentence_whose_subject_is_the_pronoun_after_a_conjunction_is_passed_over() -> None:
    got = _speakers(
        "Captain Per Valdt runs the ferries.\n\n"
        "But he has clashed with Captain Jon Arle over the fees.\n\n"
        "“Nobody told us,” he said."
    )
    assert got["Nobody told us"] == "Per Valdt"


def test_a_man_title_shows_no_gender_and_a_person_of_a_place_is_a_person() -> None:
    got = _speakers(
        "“The fares will rise,” said Captain Per Valdt.\n\n"
        "Ferry spokesman Mary Lintel confirmed that the crossing would close in May.\n\n"
        "“Nobody is happy about it,” she said.\n\n"
        "Another skipper, Michael Arle of Brask, explained the delays to the crews.\n\n"
        "“The tides do not wait for anyone,” he said."
    )
    assert got["Nobody is happy about it"] == "Mary Lintel"
    assert got["The tides do not wait for anyone"] == "Michael Arle"


def test_a_number_opening_a_sentence_is_no_speaker() -> None:
    got = _speakers("Thirteen years earlier, the harbour board had voted for “a bigger ferry.”")
    assert got["a bigger ferry"] is None


def test_a_quotation_inside_a_sentence_that_names_no_one_takes_the_cue_of_the_sentence_before() -> None:
    got = _speakers(
        "The tides are hard to read in winter, Odo Lintel said. The best pilots still win, but only when "
        "“the sea is kinder than the forecast.”"
    )
    assert got["the sea is kinder than the forecast"] == "Odo Lintel"


def test_a_name_run_on_into_a_date_is_still_the_person() -> None:
    got = _speakers(
        "Ana Voss on Monday hit Per Valdt on fares, she hit him on tides, and she claimed that there is "
        "“a growing panic” in his camp."
    )
    assert got["a growing panic"] == "Ana Voss"


def test_a_place_abbreviation_before_a_pronoun_ends_the_sentence() -> None:
    got = _speakers(
        "Odo Lintel says the ferries will not return to the U.S. He says crews need “more than promises.”"
    )
    assert got["more than promises"] == "Odo Lintel"


def test_the_pronoun_after_an_opening_phrase_is_the_subject() -> None:
    got = _speakers(
        "Captain Per Valdt runs the tugs.\n\n"
        "Eight years ago, he backed the old board over the new one and said, “Nobody reads the tides now.”"
    )
    assert got["Nobody reads the tides now"] == "Per Valdt"
