"""Word gates must never close on a sentence the pattern matches (they only save searches),
and must close on sentences whose words cannot start a match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mapapp._actors as actors
import mapapp._dates as dates
import mapapp._lexicon as lexicon
import mapapp.extract as extract
from mapapp._dates import fold
from mapapp._wordgate import Gate, Gated, gate, split_alternatives, words_of

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "mapapp" / "samples"


def _lexicon_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module in (lexicon, actors, extract):
        for name, value in vars(module).items():
            if isinstance(value, Gated):
                found[f"{module.__name__}.{name}"] = value.pattern
            elif isinstance(value, re.Pattern):
                found[f"{module.__name__}.{name}"] = value
    for i, cue in enumerate(lexicon.CUES):
        found[f"cue {i} {cue.sub_event_type}"] = cue.pattern.pattern
    return found


PATTERNS = _lexicon_patterns()


def test_derived_word_beginnings() -> None:
    g = gate(re.compile(r"(?<!\w)(?:shell(?:ed|ing)|бо[йя]\b|by\s+|air ?strike)"))
    assert g.exact == {"shelle", "shelli", "бой", "боя", "by", "air", "airstr"}
    assert g.loose == ()
    assert not g.always
    assert gate(re.compile(r"\b(?:on|в)\s+x")).exact == {"on", "в"}
    assert gate(re.compile(r"(?<!\w)ab\w*")).loose == ("ab",)  # "ab" then any letters


@pytest.mark.parametrize("source", [r"killed|dead", r"[^.]{0,5}shell", r"\d+ people",
                                    r"(?i)(?<!\w)shell", r"\w*shell"])
def test_patterns_without_a_known_word_start_always_open(source: str) -> None:
    assert gate(re.compile(source)).always


def test_gate_admits_by_exact_and_loose_beginnings() -> None:
    g = Gate(frozenset({"shelli", "she"}), ("ab",))
    assert g.admits(words_of("heavy shelling").prefixes)
    assert g.admits(words_of("x abc").prefixes)
    assert g.admits(words_of("a she-wolf").prefixes)  # "she" is a word of its own there
    assert not g.admits(words_of("the ship sailed").prefixes)
    assert not g.admits(words_of("shell shock").prefixes)  # "shell" is not "shelli..."


def test_cue_gates_close_on_unrelated_sentences() -> None:
    words = words_of(fold("The weather was mild and the shops opened late."))
    closed = [c.sub_event_type for c in lexicon.CUES if not c.pattern.gate.admits(words.prefixes)]
    assert len(closed) == len(lexicon.CUES)


def _sample_sentences() -> list[str]:
    out = []
    for path in [*sorted(SAMPLES.glob("*.txt")),
                 *sorted((REPO / "benchmarks" / "data" / "extract_articles").glob("*.txt"))]:
        out += [fold(s.text) for s in extract.sentences(path.read_text(encoding="utf-8"))]
    return out


def test_gates_are_sound_on_the_sample_corpus() -> None:
    sentences = _sample_sentences()
    assert len(sentences) > 50
    for name, pattern in PATTERNS.items():
        g = gate(pattern)
        for s in sentences:
            if pattern.search(s):
                assert g.admits(words_of(s).prefixes), (name, s)


_ALPHABET = st.sampled_from(list("abdeiklmnorstuyğışəçöü ,.-'’\n") + ["бой", "shell", "by ",
                                                                      "iran", "said", "в "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=40))
def test_gates_are_sound_on_generated_text(pieces: list[str]) -> None:
    text = fold("".join(pieces))
    prefixes = words_of(text).prefixes
    for name, pattern in PATTERNS.items():
        if pattern.search(text):
            assert gate(pattern).admits(prefixes), (name, text)



def _gated_patterns() -> list[Gated]:
    found = [v for module in (lexicon, actors, extract) for v in vars(module).values()
             if isinstance(v, Gated)]
    return found + [cue.pattern for cue in lexicon.CUES]


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, min_size=0, max_size=40))
def test_word_mask_opens_exactly_the_gates_admits_opens(pieces: list[str]) -> None:
    """The per-word bit masks are a cache of ``Gate.admits``: same answer for every gate."""
    words = words_of(fold("".join(pieces)))
    for g in _gated_patterns():
        assert bool(words.mask & g.bit) == g.gate.admits(words.prefixes), g.pattern.pattern


def test_word_mask_on_the_sample_corpus() -> None:
    gates = _gated_patterns()
    opened = 0
    for s in _sample_sentences():
        words = words_of(s)
        for g in gates:
            assert bool(words.mask & g.bit) == g.gate.admits(words.prefixes), (s, g.pattern)
            opened += bool(words.mask & g.bit)
    assert opened > 100  # the test sees open gates, not only closed ones


def _lexicons() -> list[Gated]:
    found = [v for module in (lexicon, actors, extract, dates) for v in vars(module).values()
             if isinstance(v, Gated) and v.alternatives]
    return found + [cue.pattern for cue in lexicon.CUES]


def _same_matches(g: Gated, text: str) -> None:
    words = words_of(text)
    want = [(m.span(), m.groups()) for m in g.pattern.finditer(text)]
    assert [(m.span(), m.groups()) for m in g.finditer(text, words)] == want, (g.template, text)
    first = g.search(text, words)
    assert (first.span() if first else None) == (want[0][0] if want else None)


def test_lexicons_are_split_into_their_alternatives() -> None:
    lexicons = _lexicons()
    assert len(lexicons) >= 16
    for g in lexicons:
        assert len(g.alternatives) >= 1
        assert g.pattern.pattern == g.template.replace("<ALTS>", "|".join(g.alternatives))
    assert split_alternatives(r"a|b(?:c|d)|[|x]|\||e[]|]f") == ["a", "b(?:c|d)", "[|x]", "\\|",
                                                               "e[]|]f"]


def test_a_lexicon_searches_like_its_whole_pattern_on_the_samples() -> None:
    sentences = _sample_sentences()
    lexicons = _lexicons()
    for s in sentences:
        for g in lexicons:
            _same_matches(g, s)
    assert sum(bool(g.pattern.search(s)) for s in sentences for g in lexicons) > 100


_WEEKDAY_TEXT = st.lists(st.sampled_from(["в ", "on ", "hari ", "sabtu", "minggu", "pazar",
                                          "bazar ertəsi", " günü", " ", ".", "jum'at", "субботу",
                                          "said ", "azerbaijan", "kata", "shelling ", "x"]),
                         min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(_WEEKDAY_TEXT)
def test_a_lexicon_searches_like_its_whole_pattern_on_generated_text(pieces: list[str]) -> None:
    text = fold("".join(pieces))
    for g in _lexicons():
        _same_matches(g, text)


def test_past_its_cap_a_lexicon_searches_with_its_whole_pattern(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import mapapp._wordgate as wordgate

    g = wordgate.lexicon(r"(?<!\w)(?:<ALTS>)", r"shell\w*|drones?|fire")
    monkeypatch.setattr(wordgate, "_MAX_VARIANTS", 1)
    first, second = "drones over the hills", "shelling and fire"
    assert g.search(first, words_of(first)).group() == "drones"  # type: ignore[union-attr]
    assert len(g.variants) == 1
    assert [m.group() for m in g.finditer(second, words_of(second))] == ["shelling", "fire"]
    assert len(g.variants) == 1  # no second subset compiled
    assert g.search("a quiet day", words_of("a quiet day")) is None


_BOUNDARY_TEMPLATES = [r"(?<!\w)(<ALTS>)[\w'’-]*", r"\b(?:<ALTS>)\b", r"(?:\b(?:<ALTS>)\b)",
                       r"(?<!\w)(?:<ALTS>)"]
_BOUNDARY_ALTS = ["armenia", "armenian", r"united\ states", r"shell(?:ed|ing)\b", "rockets?",
                  r"(?:заяви|сообщи)л[аои]?", r"\-x", "a", r"s\d+", "ba{2}", r"i̇ran"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["armenia", "armenian", "n", "united states", " ", "-", "_",
                                 "shelled", "rocket", "s", "заявил", "сообщила", "x", "a", "s1",
                                 "baa", "i̇ran", "'", "1"]), max_size=25),
       st.sampled_from(_BOUNDARY_TEMPLATES))
def test_literal_first_matches_like_the_plain_alternation(pieces: list[str], template: str) -> None:
    """The rewritten pattern finds the same spans and groups at every position."""
    from mapapp._wordgate import literal_first

    text = "".join(pieces)
    plain = re.compile(template.replace("<ALTS>", "|".join(_BOUNDARY_ALTS)))
    fast = re.compile(literal_first(template, _BOUNDARY_ALTS))
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
        [(m.span(), m.groups()) for m in plain.finditer(text)]


def test_literal_first_moves_the_word_test_behind_literal_beginnings() -> None:
    from mapapp._wordgate import literal_first

    assert literal_first(r"(?<!\w)(<ALTS>)[\w'’-]*", ["armenia", r"united\ states"]) == \
        r"(armenia(?<!\w[\s\S]{7})|united\ states(?<!\w[\s\S]{13}))[\w'’-]*"
    # quantified or non-literal beginnings, and a non-word first character, keep the test first
    assert literal_first(r"\b(?:<ALTS>)\b", ["rockets?", "ba{2}", r"\-x", r"(?:a|b)c"]) == \
        r"(?:rocket(?<!\w[\s\S]{6})s?|b(?<!\w[\s\S]{1})a{2}|\b\-x|\b(?:a|b)c)\b"
    # a template that does not open with a word test is left as it is
    assert literal_first(r"(?:on\s+(<ALTS>)\b)", ["sabtu"]) == r"(?:on\s+(sabtu)\b)"
