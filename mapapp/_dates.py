"""Dates in news text: explicit ones in many languages and relative ones resolved against an anchor.

Month names come from dateparser's locale data (so every language it knows spells its months
correctly, inflected forms included); the relative expressions news reports lean on ("on
Saturday", "overnight", "last week") are small hand-made lexicons, because dateparser's
free-text search is both slow (milliseconds a sentence) and eager to read "19" as a date.
``dateparser.parse`` is the fallback for metadata strings that none of the fast paths read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from mapapp._wordgate import ALTS, DIGIT, Words, lexicon, word_bit, words_of

# Languages whose month names are recognised; order is irrelevant, names are merged.
MONTH_LANGUAGES: tuple[str, ...] = ("en", "id", "ms", "ru", "uk", "tr", "az", "hy", "fr",
                                    "de", "es", "it", "pt", "nl")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
# Case/possessive suffixes that Turkish, Azerbaijani and Russian glue onto month names.
_SUFFIXES = ("'da", "'de", "'ta", "'te", "’da", "’de", "-da", "-də", "-de", "da", "də", "de",
             "nda", "ndə", "nde", "ında", "inde", "ında", "ının", "inin", "ın", "in", "ı", "i",
             "е", "а", "у")


def fold(text: str) -> str:
    """Lower-case the way Turkish and Azerbaijani need (İ → i) without losing offsets."""
    return text.replace("İ", "i").replace("I", "i").lower()


@lru_cache(maxsize=1)
def month_lexicon() -> dict[str, int]:
    """Folded month name (full or abbreviated, ≥ 3 letters) → month number."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    for lang in MONTH_LANGUAGES:
        info = default_loader.get_locale(lang).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for form in info.get(key) or ():
                form = fold(form).rstrip(".")
                if len(form) >= 3 and form not in names:
                    names[form] = number
    return names


@lru_cache(maxsize=8192)
def month_of(word: str) -> int | None:
    """Month number of ``word`` (inflected forms too: "oktyabrda", "Ekim'de", "октябре")."""
    names = month_lexicon()
    w = fold(word).rstrip(".")
    if w in names:
        return names[w]
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and w[: -len(suffix)] in names:
            return names[w[: -len(suffix)]]
    return None


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A date expression found in text, already resolved to a range."""

    start: int
    end: int
    first: date
    last: date
    precision: int  # UCDP date_prec: 1 day, 2 two-six days, 3 week, 4 month, 5 longer
    basis: str  # explicit | relative
    kind: str  # day | month | year | weekday | yesterday | today | overnight | days_ago | ...
    amount: int = 0  # weekday number or day count for relative kinds

    def reanchored(self, anchor: date) -> DateExpr:
        """The same relative expression resolved against another anchor date."""
        if self.basis != "relative":
            return self
        first, last, prec = _resolve(self.kind, self.amount, anchor)
        return replace(self, first=first, last=last, precision=prec)


# --- explicit dates -------------------------------------------------------------------------
_W = r"[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)?\.?"
_DIGIT = re.compile(r"\d")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"(?<![\d.:/])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d.:/]\d)")
# "4 October 2020", "4. Oktober 2020", "1er octobre", "4 de octubre de 2020" (Spanish and
# Portuguese join day, month and year with "de").
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|-?го|-?е)?\.?\s+(?:de\s+)?(" + _W
                        + r")(?:,?\s+(?:de\s+)?(\d{4}))?")
_MONTH_DAY = re.compile(r"\b(" + _W + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_MONTH_YEAR = re.compile(r"\b(" + _W + r")\s+(?:de\s+)?(\d{4})\b")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?<![\d.,/:-])(1[89]\d\d|20\d\d)(?![\d.,/:]\d)")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer_year(month: int, day: int, anchor: date | None) -> int | None:
    """Year of a day-month with no year: the anchor's, or the year before if that is ahead."""
    if anchor is None:
        return None
    candidate = _safe_date(anchor.year, month, day)
    if candidate is not None and candidate > anchor + timedelta(days=7):
        return anchor.year - 1
    return anchor.year


def _explicit(text: str, anchor: date | None, words: Words | None = None) -> list[DateExpr]:
    found: list[DateExpr] = []
    if not (words.mask & DIGIT if words is not None else _DIGIT.search(text)):
        return found  # every explicit form has a digit (folding keeps digits)
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, first: date, last: date, prec: int, kind: str) -> None:
        found.append(DateExpr(a, b, first, last, prec, "explicit", kind))
        taken.append((a, b))

    for m in _ISO.finditer(text):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d:
            add(m.start(), m.end(), d, d, 1, "day")
    for m in _NUMERIC.finditer(text):
        if not free(m.start(), m.end()):
            continue
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        # Day first (most of the world, and every dd/mm dateline); month first only when forced.
        d = _safe_date(y, b, a) or _safe_date(y, a, b)
        if d:
            add(m.start(), m.end(), d, d, 1, "day")
    if not any(map(month_of, _LETTER_RUN.findall(text))):
        # No month name: the three word-month forms cannot match, and their word-led
        # regexes are the slowest part of date finding. (Month names are letter runs, so
        # any word they accept contains a run that month_of accepts.)
        found += _years(text, taken)
        return found
    for m in _DAY_MONTH.finditer(text):
        month = month_of(m[2])
        if month is None or not free(m.start(), m.end()):
            continue
        day = int(m[1])
        year = int(m[3]) if m[3] else _infer_year(month, day, anchor)
        d = _safe_date(year, month, day) if year else None
        if d:
            add(m.start(), m.end(), d, d, 1, "day")
    for m in _MONTH_DAY.finditer(text):
        month = month_of(m[1])
        if month is None or not free(m.start(), m.end()):
            continue
        day = int(m[2])
        year = int(m[3]) if m[3] else _infer_year(month, day, anchor)
        d = _safe_date(year, month, day) if year else None
        if d:
            add(m.start(), m.end(), d, d, 1, "day")
    for m in _MONTH_YEAR.finditer(text):
        month = month_of(m[1])
        if month is None or not free(m.start(), m.end()):
            continue
        year = int(m[2])
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        add(m.start(), m.end(), date(year, month, 1), last, 4, "month")
    found += _years(text, taken)
    return found


def _years(text: str, taken: list[tuple[int, int]]) -> list[DateExpr]:
    """Bare years outside the spans already ``taken`` by fuller dates."""
    out = []
    for m in _YEAR.finditer(text):
        if all(m.end() <= s or m.start() >= e for s, e in taken):
            y = int(m[1])
            out.append(DateExpr(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31), 5,
                                "explicit", "year"))
            taken.append((m.start(), m.end()))
    return out


# --- relative dates -------------------------------------------------------------------------
# Weekday names of the languages that write them as plain nouns or glue day parts onto them.
_FR_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_ES_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_DE_DAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
_WEEKDAYS: dict[str, int] = {}
for _day, _forms in enumerate((
    ("monday", "senin", "понедельник", "pazartesi", "bazar ertəsi", "երկուշաբթի"),
    ("tuesday", "selasa", "вторник", "salı", "çərşənbə axşamı", "երեքշաբթի"),
    ("wednesday", "rabu", "среду", "среда", "çarşamba", "çərşənbə", "չորեքշաբթի", "miercoles"),
    ("thursday", "kamis", "четверг", "perşembe", "cümə axşamı", "հինգշաբթի"),
    ("friday", "jumat", "jum'at", "пятницу", "пятница", "cuma", "cümə", "ուրբաթ"),
    ("saturday", "sabtu", "субботу", "суббота", "cumartesi", "şənbə", "շաբաթ", "sabado"),
    ("sunday", "minggu", "ahad", "воскресенье", "pazar", "bazar", "կիրակի"),
)):
    for _form in (*_forms, _FR_DAYS[_day], _ES_DAYS[_day], _DE_DAYS[_day]):
        _WEEKDAYS[_form] = _day

# Weekday names that are also ordinary words (or names: "Plácido Domingo", "Santo Domingo")
# need a cue ("hari", "günü", "в", "el") to count.
_AMBIGUOUS_WEEKDAYS = {"minggu", "pazar", "bazar", "cuma", "cümə", "шабат", "շաբաթ", "среда",
                       "domingo"}
# French and Spanish write weekdays in lower case ("a annoncé dimanche"): there a bare name
# counts in lower case too; elsewhere only a capitalised one does.
_LOWER_CASE_WEEKDAYS = frozenset((*_FR_DAYS, *_ES_DAYS, "miercoles", "sabado"))
# German day parts glued onto the weekday: "Sonntagabend", "am Samstagmorgen".
_DAY_PARTS = ("morgen", "früh", "vormittag", "mittag", "nachmittag", "abend")
_WD = sorted((re.escape(w) for w in _WEEKDAYS), key=len, reverse=True)
# Gated per name: a sentence is searched for the weekday names its words can begin only.
# Every branch has the name at a word start, so the gate of "\b(name)" holds for each.
_WEEKDAY_CUED = lexicon(r"(?:\b(?:on|pada hari|hari|в|во|le|el|am|pasado)\s+(" + ALTS + r")\b)"
                        r"|(?:\b(" + ALTS + r")\s+(?:günü|gecəsi|gecesi)\b)"
                        r"|(?:\b(" + ALTS + r")(?:" + "|".join(_DAY_PARTS) + r")\b)", _WD,
                        gate_template=r"\b(" + ALTS + r")")
_WEEKDAY_BARE = lexicon(r"\b(" + ALTS + r")\b", _WD)
_ANY_WD = "(?:" + "|".join(_WD) + ")"

_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "satu": 1,
              "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "два": 2, "две": 2, "три": 3,
              "четыре": 4, "пять": 5, "bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5,
              "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "zwei": 2, "drei": 3, "vier": 4,
              "fünf": 5, "sechs": 6, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
              # one word for "the day before yesterday"
              "avant-hier": 2, "vorgestern": 2, "anteayer": 2}
_FR_DE_ES_NUMBERS = ("deux|trois|quatre|cinq|six|zwei|drei|vier|fünf|sechs|"
                     "dos|tres|cuatro|cinco|seis")

_RELATIVE: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), k) for p, k in (
    (r"\b(?:last week|the previous week|minggu lalu|pekan lalu|minggu kemarin|pekan kemarin|"
     r"на прошлой неделе|прошлой неделе|geçen hafta|geçtiğimiz hafta|ötən həftə|keçən həftə|"
     r"la semaine dernière|la semaine passée|letzte woche|vergangene woche|vorige woche|"
     r"la semana pasada|la pasada semana|անցյալ շաբաթ)", "last_week"),
    (r"\b(?:(?:over|in|during) the (?:past|last) week|past week|selama seminggu terakhir|"
     r"seminggu terakhir|за последнюю неделю|за прошедшую неделю|"
     r"son bir hafta|son bir həftə|son həftə|la semaine écoulée|in der vergangenen woche|"
     r"in der letzten woche|la última semana)", "past_week"),
    # A named night: the group's name says whether the weekday is its evening ("la nuit de
    # samedi à dimanche", "la noche del sábado", "Samstagnacht") or its morning ("in der
    # Nacht zum Sonntag", "la madrugada del domingo"). Before "overnight", which would take
    # "dans la nuit" out of it.
    (r"\b(?:nuit (?:de|du) (?P<e1>" + _ANY_WD + r")(?: (?:à|au) " + _ANY_WD + r")?"
     r"|noche del? (?P<e2>" + _ANY_WD + r")(?: al? " + _ANY_WD + r")?"
     r"|nacht von (?P<e3>" + _ANY_WD + r") (?:zum|zu|auf) " + _ANY_WD +
     r"|nacht (?:zum|zu|auf) (?P<m1>" + _ANY_WD + r")"
     r"|madrugada del? (?P<m2>" + _ANY_WD + r")"
     r"|(?P<e4>" + "|".join(_DE_DAYS) + r")nacht)\b", "night"),
    (r"\b(?:overnight|last night|semalam|tadi malam|malam tadi|прошлой ночью|минувшей ночью|"
     r"ночью|dün gece|gece boyunca|dünən gecə|ötən gecə|gecə ərzində|la nuit dernière|"
     r"cette nuit|dans la nuit|pendant la nuit|vergangene nacht|letzte nacht|in der nacht\b|"
     r"über nacht|anoche|esta madrugada|durante la noche|la noche pasada)", "overnight"),
    (r"\b(avant-hier|vorgestern|anteayer)\b", "days_ago"),  # before "hier" takes its end
    (r"\b(?:yesterday|kemarin|вчера|dün|dünən|երեկ|hier|gestern|ayer)\b", "yesterday"),
    (r"\b(?:today|hari ini|сегодня|bugün|bu gün|այսօր|aujourd['’]hui|heute|hoy)\b", "today"),
    (r"\b(?:so far|to date|sejauh ini|hingga kini|sampai saat ini|к настоящему времени|"
     r"на данный момент|şimdiye kadar|şu ana kadar|indiyədək|hazırda|bu günə qədər|"
     r"jusqu['’]à présent|jusqu['’]ici|jusqu['’]à maintenant|à ce jour|bisher|bislang|"
     r"hasta ahora|hasta el momento|hasta la fecha)", "so_far"),
    (r"\b(\d{1,2}|one|two|three|four|five|six|satu|dua|tiga|empat|lima|два|две|три|четыре|"
     r"пять|bir|iki|üç|dört|beş)\s+(?:days? ago|hari (?:yang )?lalu|дн(?:я|ей) назад|"
     r"gün önce|gün əvvəl)", "days_ago"),
    (r"\b(?:il y a|vor|hace)\s+(\d{1,2}|" + _FR_DE_ES_NUMBERS + r")\s+(?:jours|tagen|días|dias)\b",
     "days_ago"),
))


# A word each relative expression of that kind contains.
_TRIGGERS: dict[str, frozenset[str]] = {
    "last_week": frozenset({"week", "minggu", "pekan", "неделе", "hafta", "həftə", "semaine",
                            "woche", "semana", "շաբաթ"}),
    "night": frozenset({"nuit", "noche", "nacht", "madrugada", *(d + "nacht" for d in _DE_DAYS)}),
    "overnight": frozenset({"overnight", "night", "semalam", "malam", "ночью", "gece", "gecə",
                            "nuit", "nacht", "anoche", "madrugada", "noche"}),
    "yesterday": frozenset({"yesterday", "kemarin", "вчера", "dün", "dünən", "երեկ", "hier",
                            "gestern", "ayer"}),
    "today": frozenset({"today", "ini", "сегодня", "bugün", "gün", "այսօր", "aujourd",
                        "heute", "hoy"}),
    "so_far": frozenset({"far", "date", "sejauh", "kini", "saat", "времени", "момент", "kadar",
                         "indiyədək", "hazırda", "qədər", "jusqu", "jour", "bisher", "bislang",
                         "ahora", "momento", "fecha"}),
    "days_ago": frozenset({"ago", "lalu", "назад", "önce", "əvvəl", "jours", "tagen", "días",
                           "dias", "avant", "vorgestern", "anteayer"}),
}
_TRIGGERS["past_week"] = _TRIGGERS["last_week"] | {"seminggu"}
_WEEKDAY_WORDS = frozenset({*(w.split()[0] for w in _WEEKDAYS),
                            *(d + part for d in _DE_DAYS for part in _DAY_PARTS)})
# The same word tests as bits of the sentence's word mask (one AND instead of a set test).
_TRIGGER_BITS = {kind: word_bit(words) for kind, words in _TRIGGERS.items()}
_WEEKDAY_BIT = word_bit(_WEEKDAY_WORDS)
_ANY_RELATIVE = _WEEKDAY_BIT
for _bit in _TRIGGER_BITS.values():
    _ANY_RELATIVE |= _bit
# French "hier" (yesterday) is German and Dutch for "here": a sentence with their function
# words does not read it as a date (not "der", "von": "von der Leyen a déclaré hier").
_HERE_LANGUAGE_BIT = word_bit(frozenset({
    "und", "ist", "nicht", "sich", "wird", "wurde", "wurden", "sind", "hat", "haben", "dem",
    "das", "eine", "auch", "het", "een", "niet", "zijn", "wordt", "werd"}))


def _previous_weekday(anchor: date, weekday: int) -> date:
    """The most recent ``weekday`` on or before ``anchor`` (news says "on Saturday" of the past)."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _night_evening(m: re.Match[str]) -> int:
    """Weekday of a named night's evening: groups "e…" name the evening, "m…" the morning."""
    group, name = next((g, v) for g, v in m.groupdict().items() if v)
    return (_WEEKDAYS[name] - (group[0] == "m")) % 7


def _resolve(kind: str, amount: int, anchor: date) -> tuple[date, date, int]:
    if kind == "weekday":
        d = _previous_weekday(anchor, amount)
        return d, d, 1
    if kind == "night":  # the night after that weekday's evening, not past the anchor
        evening = _previous_weekday(anchor, amount)
        morning = min(evening + timedelta(days=1), anchor)
        return evening, morning, 2 if morning > evening else 1
    if kind == "yesterday":
        d = anchor - timedelta(days=1)
        return d, d, 1
    if kind == "today":
        return anchor, anchor, 1
    if kind == "overnight":
        return anchor - timedelta(days=1), anchor, 2
    if kind == "days_ago":
        d = anchor - timedelta(days=amount)
        return d, d, 1
    if kind == "last_week":
        monday = anchor - timedelta(days=anchor.weekday() + 7)
        return monday, monday + timedelta(days=6), 3
    if kind == "past_week":
        return anchor - timedelta(days=7), anchor, 3
    if kind == "so_far":  # a cumulative toll: only "up to the anchor" is known
        return anchor - timedelta(days=30), anchor, 5
    raise ValueError(f"unknown relative date kind {kind!r}")


def _relative(text: str, folded: str, anchor: date, taken: list[tuple[int, int]],
              words: Words | None) -> list[DateExpr]:
    found: list[DateExpr] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, kind: str, amount: int = 0) -> None:
        first, last, prec = _resolve(kind, amount, anchor)
        found.append(DateExpr(a, b, first, last, prec, "relative", kind, amount))
        taken.append((a, b))

    if words is None:
        words = words_of(folded)
    mask = words.mask
    for pattern, kind in _RELATIVE:
        if not mask & _TRIGGER_BITS[kind]:
            continue  # cheap word test first: these regexes are most of extraction's time
        for m in pattern.finditer(folded):
            if not free(m.start(), m.end()):
                continue
            amount = 0
            if kind == "days_ago":
                amount = int(m[1]) if m[1].isdigit() else _NUM_WORDS[m[1]]
            elif kind == "night":
                amount = _night_evening(m)
            elif kind == "yesterday" and mask & _HERE_LANGUAGE_BIT and m[0] == "hier":
                continue  # German or Dutch "hier": here
            add(m.start(), m.end(), kind, amount)
    if not mask & _WEEKDAY_BIT:
        return found
    for m in _WEEKDAY_CUED.finditer(folded, words):
        name = m[1] or m[2] or m[3]
        if free(m.start(), m.end()):
            add(m.start(), m.end(), "weekday", _WEEKDAYS[name])
    for m in _WEEKDAY_BARE.finditer(folded, words):
        name = m[1]
        # A bare weekday counts when capitalised in the text and not an ordinary word too,
        # or in lower case in a language that writes it so.
        if (name not in _LOWER_CASE_WEEKDAYS or text[m.start()].isupper()) and (
                name in _AMBIGUOUS_WEEKDAYS or not text[m.start()].isupper()):
            continue
        if free(m.start(), m.end()):
            add(m.start(), m.end(), "weekday", _WEEKDAYS[name])
    return found


def find_dates(text: str, anchor: date | None, folded: str | None = None,
               words: Words | None = None) -> list[DateExpr]:
    """Every date expression in ``text``, in text order; relative ones need an ``anchor``.

    ``folded`` and ``words`` (``words_of(folded)``): the caller's, so they are not redone."""
    found = _explicit(text, anchor, words)
    # Most sentences have no trigger word of any relative expression: nothing to look for.
    if anchor is not None and (words is None or words.mask & _ANY_RELATIVE):
        taken = [(e.start, e.end) for e in found]
        found += _relative(text, fold(text) if folded is None else folded, anchor, taken, words)
    return sorted(found, key=lambda e: e.start) if len(found) > 1 else found


def parse_date_text(text: str) -> date | None:
    """A single date from a metadata string or dateline ("2020-10-04T08:00", "4 Ekim 2020")."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    days = [e for e in _explicit(text, None) if e.kind == "day"]
    if days:
        return days[0].first
    import dateparser

    parsed = dateparser.parse(text, settings={"DATE_ORDER": "DMY", "STRICT_PARSING": True})
    return parsed.date() if parsed else None
