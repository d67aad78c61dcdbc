"""Cheap, exact pre-tests for the lexicon regexes: which word beginnings a match needs.

Python's regex engine tries a big alternation of stems at every character (about 40 ns a
character), and extraction runs dozens of such lexicons over every sentence. Most lexicons
can only match where a word starts with one of a few known letters, so this module reads a
compiled pattern's own syntax tree and derives the word beginnings (up to PREFIX letters)
any match must start with. A sentence whose words (split once) begin with none of them cannot
match, so the search is skipped; when it might match, the regex decides as before. The
derivation is conservative: a pattern it cannot bound gets a gate that always opens.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

# The regex compiler's own parser and opcode names (no public API exposes the syntax tree).
_parser: Any = importlib.import_module("re._parser")
C: Any = importlib.import_module("re._constants")

PREFIX = 6  # letters of each word kept in a sentence's prefix set
_WORD = re.compile(r"\w+")
_IS_WORD = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
_MAX_CLASS = 16  # a character class with more members than this is not enumerated
_MAX_REPEAT = PREFIX + 1

# State of one partial match: (word prefix so far, status). Status: "u" no word letter yet
# and not known to be at a word start; "a" no word letter yet, at a word start; "o" inside
# the first word, open; "e" first word closed and equal to the prefix (cut at PREFIX);
# "l" first word begins with the prefix, continuation unknown.
_State = tuple[str, str]


class _Unbounded(Exception):
    """The pattern may start a match without a known word beginning."""


@dataclass(frozen=True, slots=True)
class Words:
    """A folded sentence's words (``\\w+`` runs) and the bits of the gates they open."""

    words: frozenset[str]
    mask: int

    @property
    def prefixes(self) -> frozenset[str]:
        """The words' first ``PREFIX`` letters (what ``Gate.admits`` reads)."""
        return frozenset([w[:PREFIX] for w in self.words])


# Every gate and word set gets a bit; a word's bits are worked out once (a bounded cache:
# news vocabulary repeats), so a sentence's gate test is one OR per word and one AND per
# pattern instead of a set intersection per pattern.
_EXACT: dict[str, int] = {}  # a word's first PREFIX letters (or whole short word) -> bits
_LOOSE: dict[str, int] = {}  # a shorter word beginning -> bits
_LOOSE_LENGTHS: set[int] = set()
_LOOSE_HEAD = [0]  # the shortest loose beginning's length
_LOOSE_HEADS: set[str] = set()  # every loose beginning cut to that length
_WORD_BITS: dict[str, int] = {}  # a whole word -> bits of the word sets holding it
_ALWAYS = [0]  # bits of gates that always open
_BITS = [0]  # bits handed out so far
_MAX_MASKS = 200_000


class _Masks(dict[str, int]):
    """word -> its bits, worked out on first sight (so a sentence's mask is all C calls)."""

    def __missing__(self, word: str) -> int:
        return _word_mask(word)


_MASKS = _Masks()


def _new_bit() -> int:
    bit = 1 << _BITS[0]
    _BITS[0] += 1
    _MASKS.clear()  # words seen before lack the new bit
    return bit


def word_bit(words: frozenset[str]) -> int:
    """A bit set in ``Words.mask`` exactly when the sentence has one of ``words``."""
    bit = _new_bit()
    for w in words:
        _WORD_BITS[w] = _WORD_BITS.get(w, 0) | bit
    return bit


DIGIT = _new_bit()  # set when a word holds a decimal digit (``\\d``)


def _gate_bit(g: Gate) -> int:
    bit = _new_bit()
    if g.always:
        _ALWAYS[0] |= bit
    for prefix in g.exact:
        _EXACT[prefix] = _EXACT.get(prefix, 0) | bit
    for prefix in g.loose:
        _LOOSE[prefix] = _LOOSE.get(prefix, 0) | bit
        _LOOSE_LENGTHS.add(len(prefix))
    _LOOSE_HEAD[0] = min(_LOOSE_LENGTHS, default=0)
    _LOOSE_HEADS.clear()
    _LOOSE_HEADS.update(prefix[:_LOOSE_HEAD[0]] for prefix in _LOOSE)
    return bit


def _word_mask(word: str) -> int:
    """Bits of the gates ``word`` opens (``Gate.admits`` of its prefix, bit by bit) and of
    the word sets holding it."""
    p = word[:PREFIX]
    mask = _EXACT.get(p, 0) | _WORD_BITS.get(word, 0)
    if p[:_LOOSE_HEAD[0]] in _LOOSE_HEADS:  # else no loose beginning can fit
        for n in _LOOSE_LENGTHS:  # p[:n] is p itself when shorter: a loose of length len(p)
            mask |= _LOOSE.get(p[:n], 0)
    if not word.isalpha() and _DIGIT.search(word):  # letters only: no digit
        mask |= DIGIT
    if len(_MASKS) >= _MAX_MASKS:
        _MASKS.clear()
    _MASKS[word] = mask
    return mask


def words_of(folded: str) -> Words:
    """Scan once; every gate and word test of the sentence reads the result."""
    words = frozenset(_WORD.findall(folded))
    return Words(words, reduce(or_, map(_MASKS.__getitem__, words), _ALWAYS[0]))


ALTS = "<ALTS>"  # where a lexicon's template takes its alternatives
_MAX_VARIANTS = 1024  # compiled subsets per lexicon; past that, the whole pattern


# A template whose alternatives must begin a word: "(?<!\w)(ALTS)...", "\b(?:ALTS)...", ...
_WORD_START = re.compile(r"^(\(\?:)?(\(\?<!\\w\)|\\b)(\((?:\?:)?)" + re.escape(ALTS))
_SPECIAL = frozenset(".^$*+?{}[]\\|()")


def _literal_head(alt: str) -> tuple[str, str]:
    """The characters every match of ``alt`` begins with, and the rest of its source."""
    head: list[str] = []
    i = 0
    while i < len(alt):
        if alt[i] == "\\":
            if i + 1 >= len(alt) or alt[i + 1].isalnum():  # \w, \b, \d ...: not a literal
                break
            ch, j = alt[i + 1], i + 2
        elif alt[i] in _SPECIAL:
            break
        else:
            ch, j = alt[i], i + 1
        if j < len(alt) and alt[j] in "*+?{":  # quantified: not certain to be there
            break
        head.append(ch)
        i = j
    return "".join(head), alt[i:]


def literal_first(template: str, alternatives: Sequence[str]) -> str:
    """``template`` with its alternatives, written so the regex engine can skip ahead.

    A pattern that opens with "(?<!\\w)" or "\\b" gives Python's engine no first character
    to look for, so it tries a match at every position (~40 ns a character). Checked after
    an alternative's literal beginning instead ("armenia(?<!\\w[\\s\\S]{7})": the
    character before those 7 is not a word character), the same test lets the engine jump
    from one "a" of the text to the next (one stem: ~8x faster). Matches are the same; an
    alternative without a literal word-character beginning keeps the test in front."""
    found = _WORD_START.match(template)
    if found is None:
        return template.replace(ALTS, "|".join(alternatives))
    opening, test, group = found.group(1) or "", found.group(2), found.group(3)
    rewritten = []
    for alt in alternatives:
        head, rest = _literal_head(alt)
        if head and _IS_WORD.match(head):
            rewritten.append(f"{re.escape(head)}(?<!\\w[\\s\\S]{{{len(head)}}}){rest}")
        else:
            rewritten.append(test + alt)
    return opening + group + "|".join(rewritten) + template[found.end():]


@dataclass(frozen=True, slots=True)
class Gated:
    """A compiled lexicon pattern with its gate: searches skip sentences that cannot match.

    A lexicon built from alternatives (``lexicon()``) has a gate per alternative and searches
    a sentence with only the alternatives its words can start: an alternative that cannot
    match anywhere in the text changes no match of the alternation, and an alternation of
    three stems scans a sentence many times faster than one of eighty."""

    pattern: re.Pattern[str]
    gate: Gate
    bit: int  # the OR of ``alt_bits`` for a lexicon
    template: str = ""
    alternatives: tuple[str, ...] = ()
    alt_bits: tuple[int, ...] = ()
    variants: dict[int, re.Pattern[str]] = field(default_factory=dict)

    def _for(self, words: Words) -> re.Pattern[str]:
        if not self.alternatives:
            return self.pattern
        key = words.mask & self.bit
        found = self.variants.get(key)
        if found is None:
            if len(self.variants) >= _MAX_VARIANTS:
                return self.pattern  # bounded compiling, whatever the input: the whole one
            kept = [a for a, b in zip(self.alternatives, self.alt_bits, strict=True) if key & b]
            found = self.variants[key] = re.compile(literal_first(self.template, kept))
        return found

    def search(self, folded: str, words: Words | None) -> re.Match[str] | None:
        if words is None:
            return self.pattern.search(folded)
        if not words.mask & self.bit:
            return None
        return self._for(words).search(folded)

    def finditer(self, folded: str, words: Words | None) -> list[re.Match[str]]:
        if words is None:
            return list(self.pattern.finditer(folded))
        if not words.mask & self.bit:
            return []
        return list(self._for(words).finditer(folded))


def gated(pattern: re.Pattern[str]) -> Gated:
    g = gate(pattern)
    return Gated(pattern, g, _gate_bit(g))


def lexicon(template: str, alternatives: str | Sequence[str], gate_template: str = "") -> Gated:
    """A gated pattern ``template`` with ``ALTS`` replaced by the alternatives (a regex
    source split at its top-level ``|``, or a list), each alternative gated on its own.

    ``gate_template``: a simpler pattern every match of an alternative in ``template`` also
    matches, for deriving its gate (default: ``template``). Alternatives must not hold
    capturing groups (a subset would renumber the template's groups)."""
    alts = tuple(split_alternatives(alternatives) if isinstance(alternatives, str)
                 else alternatives)
    pattern = re.compile(template.replace(ALTS, "|".join(alts)))
    bits = []
    for alt in alts:
        if _parser.parse(alt).state.groups > 1:  # group 0 is the whole match
            raise ValueError(f"capturing group in lexicon alternative {alt!r}")
        bits.append(_gate_bit(_gate_of(_parser.parse((gate_template or template)
                                                     .replace(ALTS, alt)))))
    return Gated(pattern, gate(pattern), reduce(or_, bits, 0), template, alts, tuple(bits))


def split_alternatives(source: str) -> list[str]:
    """The top-level ``|`` pieces of a regex source (escapes, classes and groups kept whole)."""
    pieces, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1:i + 2] == "^":
                i += 1
            if source[i + 1:i + 2] == "]":  # a leading ] is a member, not the end
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            pieces.append(source[start:i])
            start = i + 1
        i += 1
    pieces.append(source[start:])
    return pieces


@dataclass(frozen=True, slots=True)
class Gate:
    """``admits(prefixes)`` is False only when no match of the pattern can exist."""

    exact: frozenset[str]  # the matched word's first PREFIX letters (or the whole word)
    loose: tuple[str, ...]  # shorter beginnings: some word starts with one of these
    always: bool = False

    def admits(self, prefixes: frozenset[str]) -> bool:
        if self.always or not self.exact.isdisjoint(prefixes):
            return True
        return bool(self.loose) and any(p.startswith(self.loose) for p in prefixes)


def gate(pattern: re.Pattern[str]) -> Gate:
    """The gate of a compiled pattern (flags other than the default Unicode ones: no gate)."""
    return _gate_of(_parser.parse(pattern.pattern, pattern.flags))


def _gate_of(parsed: Any) -> Gate:
    """The gate of a parsed pattern (``re._parser.parse``: parsing, not compiling, is all a
    gate needs, so a lexicon's hundreds of alternatives cost little at import)."""
    if parsed.state.flags & ~(re.UNICODE):
        return Gate(frozenset(), (), always=True)
    try:
        states = _walk(list(parsed), {("", "u")})
    except _Unbounded:
        return Gate(frozenset(), (), always=True)
    exact: set[str] = set()
    loose: set[str] = set()
    for prefix, status in states:
        if not prefix:
            return Gate(frozenset(), (), always=True)
        (exact if status == "e" or len(prefix) >= PREFIX else loose).add(prefix)
    return Gate(frozenset(exact), tuple(sorted(loose)))


def _chars(op: Any, av: Any) -> list[str] | None:
    """The characters a LITERAL or a small positive class matches, None when not listable."""
    if op is C.LITERAL:
        return [chr(av)]
    if op is not C.IN:
        return None
    out: list[str] = []
    for item_op, item_av in av:
        if item_op is C.LITERAL:
            out.append(chr(item_av))
        elif item_op is C.RANGE and item_av[1] - item_av[0] < _MAX_CLASS:
            out += [chr(c) for c in range(item_av[0], item_av[1] + 1)]
        else:
            return None
    return out if len(out) <= _MAX_CLASS else None


_NON_WORD_CATEGORIES = (C.CATEGORY_NOT_WORD, C.CATEGORY_SPACE)


def _non_word_only(op: Any, av: Any) -> bool:
    """A class that matches no word character (``\\W``, ``\\s``)."""
    if op is C.IN:
        return all(item_op is C.CATEGORY and item_av in _NON_WORD_CATEGORIES
                   for item_op, item_av in av)
    return False


def _step(states: set[_State], ch: str) -> set[_State]:
    out: set[_State] = set()
    word = bool(_IS_WORD.match(ch))
    for prefix, status in states:
        if status in "el":
            out.add((prefix, status))
        elif not word:
            out.add((prefix, "e") if prefix else ("", "a"))
        elif status == "u":
            raise _Unbounded  # a word letter that may be mid-word
        else:
            grown = prefix + ch
            out.add((grown, "e" if len(grown) >= PREFIX else "o"))
    return out


def _unknown(states: set[_State]) -> set[_State]:
    """Any character follows: open words become loose; no word yet → unbounded."""
    out: set[_State] = set()
    for prefix, status in states:
        if status in "ua":
            raise _Unbounded
        out.add((prefix, "l") if status == "o" else (prefix, status))
    return out


def _walk(ops: list[tuple[Any, Any]], states: set[_State]) -> set[_State]:
    for op, av in ops:
        if all(status in "el" for _, status in states):
            return states
        states = _op(op, av, states)
    return states


def _op(op: Any, av: Any, states: set[_State]) -> set[_State]:
    if op is C.ASSERT_NOT or op is C.ASSERT:
        direction, sub = av
        word_behind = (op is C.ASSERT_NOT and direction == -1 and len(sub) == 1
                       and sub[0][0] is C.IN and list(sub[0][1]) == [(C.CATEGORY,
                                                                     C.CATEGORY_WORD)])
        if word_behind:  # (?<!\w): the next word letter starts a word
            return {("", "a") if s == ("", "u") else s for s in states}
        return states
    if op is C.AT:
        if av in (C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_BOUNDARY):
            return {("", "a") if s == ("", "u") else
                    (s[0], "e") if s[1] == "o" and av is C.AT_BOUNDARY else s for s in states}
        if av in (C.AT_END, C.AT_END_STRING):
            return {(p, "e") if st == "o" else (p, st) for p, st in states}
        return states
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _Unbounded
        return _walk(list(sub), states)
    if op is C.BRANCH:
        out: set[_State] = set()
        for alternative in av[1]:
            out |= _walk(list(alternative), states)
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        result = set(states) if lo == 0 else set()
        current = states
        for k in range(1, min(hi, _MAX_REPEAT) + 1):
            current = _walk(list(sub), current)
            if k >= lo:
                result |= current
        if hi > _MAX_REPEAT:  # further rounds only lengthen a word already begun
            result |= {(p, "l") if st == "o" else (p, st) for p, st in current}
        return result
    chars = _chars(op, av)
    if chars is not None:
        out = set()
        for ch in chars:
            out |= _step(states, ch)
        return out
    if _non_word_only(op, av):
        return _step(states, " ")
    return _unknown(states)
