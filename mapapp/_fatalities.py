"""Casualty figures in a sentence: how many died, who they were, how sure the figure is.

A number only counts when it quantifies people (soldiers, civilians, people, children) and the
nearest outcome word is a death word, not a wound word — so "19 permukiman" (settlements),
"19 localités" or "70 wounded" never become fatalities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapapp._actors import PartyMention
from mapapp._dates import fold
from mapapp._wordgate import ALTS, DIGIT, Words, lexicon, word_bit

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
    "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "два": 2, "две": 2,
    "двое": 2, "три": 3, "трое": 3, "четыре": 4, "пять": 5, "пятеро": 5, "шесть": 6,
    "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "iki": 2, "üç": 3, "dört": 4, "beş": 5,
    "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "yeddi": 7, "səkkiz": 8, "doqquz": 9,
    # French, German, Spanish to ten (not Spanish "once", eleven: an English word)
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
}
# A count, optionally in thousands ("5 bin", "5 тысяч", "5 ribu", "5 thousand", "5 mil");
# French groups thousands with a (narrow) no-break space ("1 200").
_NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:[.,\u00a0\u202f]\d{3})+|\d+|"
                     + "|".join(_NUMBER_WORDS) + r")(?![\w/%]|[.,]\d)"
                     r"(?:\s+(bin|тысяч[аи]?|ribu|thousand|mille|tausend|mil)\b)?")

_NUMBER_WORD_BIT = word_bit(frozenset(_NUMBER_WORDS))

_LOW_PRE = re.compile(r"(?:more than|over|at least|no fewer than|lebih dari|sedikitnya|"
                      r"setidaknya|paling sedikit|minimal|более|свыше|не менее|"
                      r"по меньшей мере|больше|как минимум|en az|ən azı|kamida|"
                      r"plus de|au moins|pas moins de|mehr als|mindestens|über|más de|"
                      r"al menos|por lo menos|no menos de)\s+$")
_HIGH_PRE = re.compile(r"(?:up to|as many as|nearly|almost|hampir|hingga|до|почти|neredeyse|"
                       r"az qala|jusqu'à|jusqu’à|presque|bis zu|fast|beinahe|nahezu|hasta|"
                       r"casi)\s+$")
_LOW_POST = re.compile(r"^['’-]?(?:den|dan|dən|dan|ten|tan|tən)\s+(?:fazla|çox|artıq)\b")

_PERSON = (
    ("soldiers", r"soldier|troop|servicem[ae]n|military personnel|fighters?|tentara|prajurit|"
                 r"serdadu|personel militer|военнослужащ|солдат|военн|бойц|asker|mehmetçik|"
                 r"hərbçi|əsgər|զինծառայող|զինվոր|"
                 # a downed military aircraft's crew ("menewaskan dua awaknya")
                 r"crew|awak|экипаж|mürettebat|ekipaj|pilot|лётчик|летчик|пилот|"
                 # whole words where English shares the beginning ("military", "civil")
                 r"soldat|soldado|militaires?\b|militar(?:es)?\b|combattant|combatiente|"
                 r"kämpfer"),
    ("civilians", r"civilian|warga sipil|penduduk sipil|мирн|гражданск|sivil|mülki|dinc sakin|"
                  r"child|anak|дет|ребен|ребён|çocuk|uşaq|երեխա|խաղաղ բնակ|"
                  r"wom[ae]n\b|perempuan|wanita|женщин|kadın|qadın|կին|"
                  r"civils\b|civiles\b|zivilist|enfant|kinder\b|kindern\b|niñ[oa]|femme|frauen\b|mujer"),
    ("people", r"people|persons?|orang|jiwa|человек|людей|kişi|insan|nəfər|մարդ|"
               r"menschen|habitant|einwohner|bewohner"),
)
_PERSON_RE = re.compile(r"^[\s'’-]*(?:(?:den|dan|dən)\s+(?:fazla|çox|artıq)\s+)?"
                        r"(?:[^\W\d][\w'’-]*\s+){0,2}?(?:"
                        + "|".join(f"(?P<{k}>{v})" for k, v in _PERSON) + r")[\w'’-]*")
# French, German and Spanish death words; the intransitive ones ("ont péri", "starben",
# "murieron") and nouns ("morts", "Tote", "muertos") name no killer.
_DEATH_ACTIVE = (r"(?<!\w)(?:tuant|(?:a|ont|avait|avaient|et) tué|tötete|töteten|mató|mataron|"
                 r"matando)")
_DEATH_NEW = (_DEATH_ACTIVE + r"|(?<!\w)(?:tué|mort(?:e|s|es)?\b|péri(?:s|rent)?\b|décè|décéd|"
              r"succomb|perec(?:ió|ieron)|"
              r"perdu la vie|getötet|ums leben|starben|starb\b|gestorben|verstorben|tot\b|"
              r"tote[n]?\b|todesopfer|muert|muri(?:ó|eron)|fallec|perdi(?:ó|eron|do) la vida|"
              r"víctimas mortales)")
_DEATH_NOT_ACTIVE = re.compile(r"(?<!\w)(?:tué|mort|péri|décè|décéd|succomb|perec|perdu|"
                               r"getötet|ums|starb|"
                               r"gestorben|verstorben|tot|todesopfer|muert|muri|fallec|perdi|"
                               r"víctimas)")
_DEATH = re.compile(r"killed|dead\b|died|deaths?\b|death toll|lost their lives|perished|killing|"
                    r"tewas|meninggal|terbunuh|menewaskan|gugur|korban jiwa|погиб|убит|гибел|"
                    r"скончал|"
                    r"жертв|öldü|öldürül|hayatını kaybet|can verdi|şehit|ölü\b|həlak|şəhid|"
                    r"ölüb|զոհ|սպանվ|"
                    # death nouns ("10 sivilin ölümüne", "смерть", "kematian", "fatalities")
                    r"ölüm|ölen\b|смерт|kematian|fatalit|մահ|"
                    # French, German, Spanish; "tué" not inside "situé", "mort" not "mortier"
                    + _DEATH_NEW)
# The death words without their word-end anchors: a cheap test that no figure can be a death
# toll (a superset of every place _DEATH or _DIRECT_DEATH can match, even in a cut-off tail).
_DEATH_ANYWHERE = re.compile(_DEATH.pattern.replace(r"\b", ""))
_WOUND = re.compile(r"wounded|injured|hurt|luka|terluka|ранен|пострадавш|пострадал|yaralı|"
                    r"yaralan|xəsarət|վիրավոր|(?<!\w)(?:bless(?:é|ant|ure)|verletz|verwund|herid|"
                    r"hiri(?:ó|eron)|lesionad)")
_DIRECT_DEATH = re.compile(r"^\s*(?:(?:were|have been|had been|are|telah|sudah|ont été|sont|"
                           r"wurden|sind|fueron|han sido)\s+)?(?:"
                           + _DEATH.pattern + r")")


# One person named without a digit: "a civilian", "seorang perempuan", "ещё одна мирная
# жительница", "bir kadın" — or a singular noun with a singular Russian verb ("пилот погиб").
# A bare plural ("soldiers were killed") gives no count. Each noun: who it counts.
_SINGULAR_NOUNS = {
    "soldiers": ("soldier", "serviceman", "servicewoman", "pilot", "tentara", "prajurit",
                 "serdadu", "penerbang", "военнослужащий", "военнослужащая", "солдат", "пилот",
                 "лётчик", "летчик", "asker", "hərbçi", "əsgər", "soldat", "un soldat",
                 "un militaire", "un soldado", "un militar"),
    "civilians": ("civilian", "woman", "child", "girl", "boy", "warga sipil", "perempuan",
                  "wanita", "anak", "мирный житель", "мирная жительница", "женщина", "ребёнок",
                  "ребенок", "девочка", "мальчик", "sivil", "kadın", "çocuk", "mülki şəxs",
                  "qadın", "uşaq", "dinc sakin", "un civil", "femme", "un enfant", "fillette",
                  "un garçon", "zivilist", "zivilistin", "frau", "ein kind", "mädchen", "mujer",
                  "un niño", "niña"),
    "people": ("man", "person", "resident", "villager", "orang", "warga", "житель",
               "жительница", "мужчина", "человек", "kişi", "adam", "nəfər", "sakin",
               "un homme", "personne", "un habitant", "mann", "mensch", "bewohner", "einwohner",
               "un hombre", "persona", "un habitante", "un residente"),
}
# Nouns that carry their article: without it the word is also an adjective ("a civil war",
# "un ataque militar") or an English word ("a kind of"); and French and Spanish "un" is not
# in _ONE_BEFORE, as folded English "UN" ("the UN civilian mission") is the same word.
_WITH_ARTICLE = frozenset(n for nouns in _SINGULAR_NOUNS.values() for n in nouns
                          if n.startswith(("un ", "ein ")))
_WHO_OF_NOUN = {noun: who for who, nouns in _SINGULAR_NOUNS.items() for noun in nouns}
_SINGULAR = lexicon(r"(?<!\w)(?:" + ALTS + r")(?!\w)",
                    sorted(_WHO_OF_NOUN, key=len, reverse=True))
_ONE_BEFORE = re.compile(r"(?<!\w)(?:a|an|one|seorang|satu|один|одна|одного|одну|одной|bir|"
                         r"une|ein|eine|una)\s+"
                         r"(?:[^\W\d][\w'’-]*\s+)?$")
_SINGULAR_DEATH = r"(?:погиб|погибла|скончался|скончалась|убит|убита)"
_VERB_AFTER = re.compile(r"\s+" + _SINGULAR_DEATH + r"(?!\w)")
_VERB_BEFORE = re.compile(r"(?<!\w)" + _SINGULAR_DEATH + r"\s+(?:[^\W\d][\w-]*\s+)?$")
_COORDINATION = re.compile(r"\s*(?:,|and|dan|serta|и|ve|və|et|und|y)\s*")


@dataclass(frozen=True, slots=True)
class _Count:
    """A count in the text: digits, a number word, or one singular person."""

    start: int
    end: int  # where the words after the count begin
    value: int
    who: str = ""  # known from a singular noun ...
    noun_end: int = -1  # ... which ends here


def _counts(folded: str, words: Words | None, exclude: list[tuple[int, int]]) -> list[_Count]:
    counts = [_Count(m.start(), m.end(), _value(m[1]) * (1000 if m[2] else 1))
              for m in _NUMBER.finditer(folded)
              if not any(a <= m.start() < b for a, b in exclude)]
    numbered = [c.end for c in counts]
    for m in _SINGULAR.finditer(folded, words):
        who = _WHO_OF_NOUN[m[0]]
        if m[0] in _WITH_ARTICLE:  # "sept soldats et un civil": its article counts it
            counts.append(_Count(m.start(), m.end(), 1, who, m.end()))
            continue
        if any(m.start() - 30 <= end <= m.start() for end in numbered):
            continue  # "1 солдат погиб", "dua anak": the number already counts it
        head = folded[max(0, m.start() - 30):m.start()]
        one = _ONE_BEFORE.search(head)
        if one is not None:
            start = m.start() - len(head) + one.start()
            counts.append(_Count(start, m.end(), 1, who, m.end()))
        elif _VERB_AFTER.match(folded, m.end()) or _VERB_BEFORE.search(head):
            counts.append(_Count(m.start(), m.end(), 1, who, m.end()))
    return sorted(counts, key=lambda c: c.start)


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
    return _NUMBER_WORDS.get(token) or int(re.sub(r"[.,\u00a0\u202f]", "", token))


def death_figures(text: str, parties: list[PartyMention], exclude: list[tuple[int, int]],
                  folded: str | None = None, words: Words | None = None) -> list[Figure]:
    """Death tolls in ``text``; ``exclude`` holds spans (dates) whose digits are not counts.
    ``folded``/``words``: ``text`` already folded and split, when the caller has them."""
    if words is not None and not words.mask & (DIGIT | _NUMBER_WORD_BIT | _SINGULAR.bit):
        return []  # a count is digits, a number word or a singular person: none, so no toll
    if folded is None:
        folded = fold(text)
    if not _DEATH_ANYWHERE.search(folded):
        return []  # most sentences: no death word, so no number in them is a toll
    counts = _counts(folded, words, exclude)
    outcomes = [(m.start(), m.end(), True) for m in _DEATH.finditer(folded)]
    outcomes += [(m.start(), m.end(), False) for m in _WOUND.finditer(folded)]
    # Per count: (noun end, who, the outcome word's position), or None when no person or death.
    found: list[tuple[int, str, int] | None] = []
    for i, c in enumerate(counts):
        tail = folded[c.end:c.end + 60]
        person = None if c.who else _PERSON_RE.match(tail)
        direct = _DIRECT_DEATH.match(tail)
        if person is None and direct is None and not c.who:
            found.append(None)  # counts settlements, tanks, years ... not people
            continue
        who = c.who or next((k for k, _ in _PERSON if person and person.group(k)), "people")
        noun_end = c.noun_end if c.who else c.end + (person.end() if person else 0)
        prev_end = counts[i - 1].end if i else 0
        next_start = counts[i + 1].start if i + 1 < len(counts) else len(folded)
        best: tuple[int, bool, int] | None = None  # (gap, is_death, position of the word)
        for a, b, is_death in outcomes:
            if noun_end <= a < next_start and a - noun_end <= 60:
                if not is_death and folded[noun_end:a].strip() == ",":
                    continue  # "a woman, wounded in the strike, died": it describes her
                candidate = (a - noun_end, is_death, a)
            elif prev_end <= b <= c.start and c.start - b <= 40:
                candidate = (c.start - b, is_death, a)
            else:
                continue
            best = min(best, candidate) if best else candidate
        if direct is not None:
            best = (0, True, c.end)
        found.append((noun_end, who, best[2] if best and best[1] else -1))
    # Counts joined by "and" share the outcome: "seorang perempuan dan seorang anak tewas"
    # (the last one's), "killed a woman and a child" (the first one's).
    for order in (range(len(counts) - 2, -1, -1), range(len(counts) - 1)):
        for i in order:
            here, after = found[i], found[i + 1]
            if (here is None or after is None or (here[2] < 0) == (after[2] < 0)
                    or not _COORDINATION.fullmatch(folded, here[0], counts[i + 1].start)):
                continue
            if here[2] < 0:
                found[i] = (here[0], here[1], after[2])
            else:
                found[i + 1] = (after[0], after[1], here[2])
    figures: list[Figure] = []
    for c, hit in zip(counts, found, strict=True):
        if hit is None or hit[2] < 0:
            continue
        noun_end, who, at = hit
        killer = ""
        if at < c.start and not _DEATH_NOT_ACTIVE.match(folded, at):
            # active voice: the subject before the verb did the killing
            killer = next((p.party for p in reversed(parties) if at - 80 <= p.start < at), "")
        tail = folded[c.end:c.end + 60]
        head = folded[max(0, c.start - 30):c.start]
        low = high = None
        if _LOW_PRE.search(head) or _LOW_POST.match(tail):
            low = c.value
        elif _HIGH_PRE.search(head):
            high = c.value
        side = next((p.party for p in parties
                     if c.start - 15 <= p.start < noun_end + 25 and p.party), "")
        figure = Figure(c.start, noun_end, c.value, low, high, who, side, killer)
        previous = figures[-1] if figures else None
        if (previous is not None and previous.who_died == who and low is high is None
                and previous.low is previous.high is None
                and _COORDINATION.fullmatch(folded, previous.end, c.start)):
            figure = Figure(previous.start, noun_end, previous.number + c.value, None, None, who,
                            previous.side_of_dead or side, previous.killer or killer)
            figures[-1] = figure  # a woman and a child: one toll of two civilians
        else:
            figures.append(figure)
    return figures
