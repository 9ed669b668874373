"""A prepared source keeps its words as 4-byte ids and its positions in one array (issue 15.3)."""

from __future__ import annotations

from verify.match import prepare
from verify.match.normalize import Words, tokenize


def test_words_are_ids_into_one_vocabulary_and_read_back_as_strings() -> None:
    text = "The ferry left. The ferry came back, and the ferry left again."
    tokens = tokenize(text)
    assert isinstance(tokens.keys, Words) and tokens.keys.ids.itemsize == 4
    assert list(tokens.keys) == [w.lower().strip(".,") for w in text.split()]
    assert tokens.forms[0] == "The" and tokens.keys[0] == "the"
    assert tokens.keys[1:3] == ["ferry", "left"]
    assert len(set(tokens.keys.vocab)) == len(tokens.keys.vocab) < len(tokens.keys)


def test_positions_are_every_index_of_a_key_in_order() -> None:
    text = " ".join(["one two three two"] * 50)
    index = prepare(text)
    keys = list(index.tokens.keys)
    for key in set(keys):
        assert list(index.positions[key]) == [j for j, k in enumerate(keys) if k == key]
        assert index.positions.count(key) == keys.count(key)
        assert list(index.positions.head(key, 3)) == [j for j, k in enumerate(keys) if k == key][:3]
    assert "four" not in index.positions and index.positions.get("four") is None
    assert sorted(index.positions) == ["one", "three", "two"]


def test_a_source_of_one_long_text_matches_as_before() -> None:
    text = "Filler words about the harbour. " * 5000 + "We listened to every commuter who wrote to us."
    index = prepare(text)
    assert index.match("We listened to every commuter who wrote to us").verdict.value == "exact"
    assert index.match("We listened to every traveller who wrote to us").verdict.value == "altered"
