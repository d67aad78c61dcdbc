"""Casualty figures in a sentence: how many died, who they were, how sure the figure is.

A number only counts when it quantifies people (soldiers, civilians, people, children) and the
nearest outcome word is a death word, not a wound word — so "19 permukiman" (settlements) or
"70 wounded" never become fatalities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapapp._actors import PartyMention
from mapapp._dates import fold
from mapapp._wordgate import DIGIT, Words, word_bit

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
    "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "два": 2, "две": 2,
    "двое": 2, "три": 3, "трое": 3, "четыре": 4, "пять": 5, "пятеро": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "iki": 2, "üç": 3, "dört": 4, "beş": 5,
    "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "yeddi": 7, "səkkiz": 8, "doqquz": 9,
}
# A count, optionally in thousands ("5 bin", "5 тысяч", "5 ribu", "5 thousand").
_NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:[.,]\d{3})+|\d+|"
                     + "|".join(_NUMBER_WORDS) + r")(?![\w/%]|[.,]\d)"
                     r"(?:\s+(bin|тысяч[аи]?|ribu|thousand)\b)?")

_NUMBER_WORD_BIT = word_bit(frozenset(_NUMBER_WORDS))

_LOW_PRE = re.compile(r"(?:more than|over|at least|no fewer than|lebih dari|sedikitnya|"
                      r"setidaknya|paling sedikit|minimal|более|свыше|не менее|"
                      r"по меньшей мере|больше|как минимум|en az|ən azı|kamida)\s+$")
_ABOUT_PRE = re.compile(r"(?:about|around|some|approximately|roughly|an estimated|sekitar|"
                        r"kurang lebih|kira-kira|около|примерно|порядка|yaklaşık|təxminən)\s+$")
_HIGH_PRE = re.compile(r"(?:up to|as many as|nearly|almost|hampir|hingga|до|почти|neredeyse|"
                       r"az qala)\s+$")
_LOW_POST = re.compile(r"^['’-]?(?:den|dan|dən|dan|ten|tan|tən)\s+(?:fazla|çox|artıq)\b")

_PERSON = (
    ("soldiers", r"soldier|troop|servicem[ae]n|military personnel|fighters?|tentara|prajurit|"
                 r"serdadu|personel militer|военнослужащ|солдат|военн|бойц|asker|mehmetçik|"
                 r"hərbçi|əsgər|զինծառայող|զինվոր|"
                 # a downed military aircraft's crew ("menewaskan dua awaknya")
                 r"crew|awak|экипаж|mürettebat|ekipaj"),
    ("civilians", r"civilian|warga sipil|penduduk sipil|мирн|гражданск|sivil|mülki|dinc sakin|"
                  r"child|anak|дет|ребен|çocuk|uşaq|երեխա|խաղաղ բնակ"),
    ("people", r"people|persons?|orang|jiwa|человек|людей|kişi|insan|nəfər|մարդ"),
)
_PERSON_RE = re.compile(r"^[\s'’-]*(?:(?:den|dan|dən)\s+(?:fazla|çox|artıq)\s+)?"
                        r"(?:[^\W\d][\w'’-]*\s+){0,2}?(?:"
                        + "|".join(f"(?P<{k}>{v})" for k, v in _PERSON) + r")[\w'’-]*")
_DEATH = re.compile(r"killed|dead\b|died|deaths?\b|death toll|lost their lives|perished|killing|"
                    r"tewas|meninggal|terbunuh|menewaskan|gugur|korban jiwa|погиб|убит|гибел|"
                    r"жертв|öldü|öldürül|hayatını kaybet|can verdi|şehit|ölü\b|həlak|şəhid|"
                    r"ölüb|զոհ|սպանվ|"
                    # death nouns ("10 sivilin ölümüne", "смерть", "kematian", "fatalities")
                    r"ölüm|ölen\b|смерт|kematian|fatalit|մահ")
# The death words without their word-end anchors: a cheap test that no figure can be a death
# toll (a superset of every place _DEATH or _DIRECT_DEATH can match, even in a cut-off tail).
_DEATH_ANYWHERE = re.compile(_DEATH.pattern.replace(r"\b", ""))
_WOUND = re.compile(r"wounded|injured|hurt|luka|terluka|ранен|пострадавш|пострадал|yaralı|"
                    r"yaralan|xəsarət|վիրավոր")
_DIRECT_DEATH = re.compile(r"^\s*(?:(?:were|have been|had been|are|telah|sudah)\s+)?(?:"
                           + _DEATH.pattern + r")")


@dataclass(frozen=True, slots=True)
class Figure:
    """One death figure: ``number`` as stated, ``low``/``high`` when qualified."""

    start: int
    end: int
    number: int
    low: int | None
    high: int | None
    who_died: str
    side_of_dead: str
    killer: str  # party doing the killing in active voice ("X menewaskan 50 ..."), else ""


def _value(token: str) -> int:
    return _NUMBER_WORDS.get(token) or int(re.sub(r"[.,]", "", token))


def death_figures(text: str, parties: list[PartyMention], exclude: list[tuple[int, int]],
                  folded: str | None = None, words: Words | None = None) -> list[Figure]:
    """Death tolls in ``text``; ``exclude`` holds spans (dates) whose digits are not counts.
    ``folded``/``words``: ``text`` already folded and split, when the caller has them."""
    if words is not None and not words.mask & (DIGIT | _NUMBER_WORD_BIT):
        return []  # a count is digits or a whole number word: none, so no toll
    if folded is None:
        folded = fold(text)
    if not _DEATH_ANYWHERE.search(folded):
        return []  # most sentences: no death word, so no number in them is a toll
    numbers = [m for m in _NUMBER.finditer(folded)
               if not any(a <= m.start() < b for a, b in exclude)]
    outcomes = [(m.start(), m.end(), True) for m in _DEATH.finditer(folded)]
    outcomes += [(m.start(), m.end(), False) for m in _WOUND.finditer(folded)]
    figures: list[Figure] = []
    for i, m in enumerate(numbers):
        tail = folded[m.end():m.end() + 60]
        person = _PERSON_RE.match(tail)
        direct = _DIRECT_DEATH.match(tail)
        if person is None and direct is None:
            continue  # counts settlements, tanks, years ... not people
        who = next((k for k, _ in _PERSON if person and person.group(k)), "people")
        noun_end = m.end() + (person.end() if person else 0)
        prev_num_end = numbers[i - 1].end() if i else 0
        next_num_start = numbers[i + 1].start() if i + 1 < len(numbers) else len(folded)
        best: tuple[int, bool, int] | None = None  # (gap, is_death, position of the word)
        for a, b, is_death in outcomes:
            if noun_end <= a < next_num_start and a - noun_end <= 60:
                candidate = (a - noun_end, is_death, a)
            elif prev_num_end <= b <= m.start() and m.start() - b <= 40:
                candidate = (m.start() - b, is_death, a)
            else:
                continue
            best = min(best, candidate) if best else candidate
        if direct is not None:
            best = (0, True, m.end())
        if best is None or not best[1]:
            continue
        killer = ""
        if best[2] < m.start():  # active voice: the subject before the verb did the killing
            killer = next((p.party for p in reversed(parties)
                           if best[2] - 80 <= p.start < best[2]), "")
        value = _value(m[1]) * (1000 if m[2] else 1)
        head = folded[max(0, m.start() - 30):m.start()]
        low = high = None
        if _LOW_PRE.search(head) or _LOW_POST.match(tail):
            low = value
        elif _HIGH_PRE.search(head):
            high = value
        side = next((p.party for p in parties
                     if m.start() - 15 <= p.start < noun_end + 25 and p.party), "")
        figures.append(Figure(m.start(), noun_end, value, low, high, who, side, killer))
    return figures
