"""Sentences → events: when, what, who, how many (according to whom), where — with the sentence
and its character span kept as provenance.

One sentence yields at most one event. A sentence is an event when a type cue fires (a
capture, shelling, a clash ...) and it is not history (dated more than half a year before
the report), not talk about the war (appeals, mediation, interviews — unless it carries a
death toll) and not in a dateline, title or footer.

Diplomatic phone calls are left out on purpose: they have no place in the conflict zone, so
as map points they would sit in a capital far from any fighting and read as incidents; the
article panel still shows them in context.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from mapapp import _geo
from mapapp._actors import (
    Claim,
    PartyMention,
    agent,
    claimant,
    iso2_of_party,
    iso3,
    iso3_of_iso2,
    party_mentions,
    reported_from,
)
from mapapp._dates import DateExpr, fold, month_of
from mapapp._dates import find_dates as _find_dates
from mapapp._fatalities import Figure, death_figures
from mapapp._lexicon import (
    AFTER_TRUCE,
    AGREEMENT,
    AMBIGUOUS_FIRE,
    AWARD,
    BATTLES,
    CAPTURE,
    DISRUPTED,
    ENTRY,
    FORCES,
    GIVING,
    INTERCEPTION,
    NO_FIGHT,
    NOT_AN_EVENT,
    NOT_TERRITORY,
    PLANNED,
    PLUPERFECT,
    RECALL,
    REMOTE,
    SINCE_START,
    STRATEGIC,
    TRANSFER,
    UNDER_AGREEMENT,
    WITHDRAWAL,
    classify,
)
from mapapp._wordgate import ALTS, Words, lexicon, words_of
from mapapp.schema import Article, Event, FatalityClaim

if TYPE_CHECKING:
    from gazetteer import Gazetteer
    from gazetteer.model import Mention, Place

HISTORY_DAYS = 180  # dated further back than this before the report: background, not news
CARRY_SENTENCES = 5  # a day-precise date carries over to this many undated sentences after it
TALK_WINDOW = 40  # a diplomacy/appeal word this close after the cue makes the sentence talk
COHERENCE_KM = 1500.0  # places this far from the article's centre of gravity are outliers
FIRE_CARRY = 2  # generic "firing" this many sentences after remote violence is that violence
RECALL_DAYS = 2  # a recollection dated this many days or more before the report is background


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


_BOUNDARY = re.compile(r"[.!?…][”\"»’)]*\s+(?=[“\"«(\[\w])")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


def sentences(text: str, skip: Sequence[tuple[int, int]] = ()) -> Iterator[Sentence]:
    """Sentences with offsets into ``text``, never crossing a paragraph or a ``skip`` range.

    A full stop inside “…” does not end the sentence, so a quote stays with its "said X".
    """
    cuts = sorted(skip)
    segments: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            segments.append((pos, a))
        pos = max(pos, b)
    segments.append((pos, len(text)))
    for seg_start, seg_end in segments:
        for para in re.finditer(r"[^\n]+", text[seg_start:seg_end]):
            p_start = seg_start + para.start()
            chunk = para.group()
            begin = 0
            quoted = any(map(chunk.__contains__, _OPEN_QUOTES))  # else no cut is in a quote
            for m in _BOUNDARY.finditer(chunk):
                if _ordinal_date(chunk, m):
                    continue
                if quoted:
                    inside = chunk[begin:m.end()]
                    depth = sum(inside.count(q) for q in _OPEN_QUOTES) - sum(
                        inside.count(q) for q in _CLOSE_QUOTES)
                    if depth > 0:
                        continue
                if s := _trimmed(text, p_start + begin, p_start + m.end()):
                    yield s
                begin = m.end()
            if s := _trimmed(text, p_start + begin, p_start + len(chunk)):
                yield s


_ORDINAL = re.compile(r"(?<![\w.])\d{1,2}$")
_NEXT_WORD = re.compile(r"\w+")


def _ordinal_date(chunk: str, cut: re.Match[str]) -> bool:
    """The full stop of a German ordinal day ("am 4. Oktober"), not a sentence's end."""
    if not _ORDINAL.search(chunk, 0, cut.start()):
        return False
    word = _NEXT_WORD.match(chunk, cut.end())
    return word is not None and month_of(word[0]) is not None


def _trimmed(text: str, a: int, b: int) -> Sentence | None:
    piece = text[a:b]
    body = piece.strip()  # str.strip() drops exactly the characters str.isspace() names
    if len(body) < 3:
        return None
    a += len(piece) - len(piece.lstrip())
    return Sentence(a, a + len(body), body)


# --- dates ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class When:
    first: date
    last: date
    precision: int
    basis: str


_RELATIVE_TO_STATEMENT = {"overnight", "yesterday", "days_ago"}


def _when(exprs: list[DateExpr], report: date) -> When | None | bool:
    """The event's date from the sentence's own expressions.

    Returns ``None`` when the sentence has no date, ``False`` when it is history. A weekday
    or explicit day is the statement's date when an "overnight"/"yesterday" follows it
    ("said on Saturday that ... overnight"), so those are resolved against it.
    """
    current = [e for e in exprs if e.last >= report - timedelta(days=HISTORY_DAYS)]
    if exprs and not current:
        return False
    anchor = report
    chosen: DateExpr | None = None
    for e in current:
        if e.kind in _RELATIVE_TO_STATEMENT:
            e = e.reanchored(anchor)
            chosen = e
        elif e.kind in ("weekday", "day"):
            anchor = e.first
        if chosen is None or (chosen.kind not in _RELATIVE_TO_STATEMENT
                              and e.precision < chosen.precision):
            chosen = e
    if chosen is None:
        return None
    return When(chosen.first, chosen.last, chosen.precision, chosen.basis)


def _not_news(folded: str, words: Words, exprs: list[DateExpr], report: date | None) -> bool:
    """An award for a past act ("a medal for the liberation of Shusha"), or background: the
    war's start, a truce that did not hold, a tally since a date, a Turkic pluperfect — when
    every date the sentence gives lies days back (a truce that took effect yesterday is news),
    or, undated, a tally since the war began."""
    if words.mask & AWARD.bit and AWARD.search(folded, words) is not None:
        return True
    if report is None:
        return False
    if exprs:  # the recollection test only when every date is days back (rarely)
        return (max(e.last for e in exprs) <= report - timedelta(days=RECALL_DAYS)
                and (RECALL.search(folded, words) is not None
                     or any(w.endswith(PLUPERFECT) for w in words.words)))
    return bool(words.mask & SINCE_START.bit) and SINCE_START.search(folded, words) is not None


# --- places ---------------------------------------------------------------------------------
_BORDER = lexicon(r"(?<!\w)(?:" + ALTS + ")",
                  r"border|frontier|perbatasan|границ|sınır|sərhəd|սահման|frontière|grenze|"
                  r"frontera")
_TERRITORY_NOUN = lexicon(r"(?<!\w)(?:" + ALTS + ")",
                          r"villages?|settlements?|desa|territor|wilayah|permukiman|"
                          r"pemukiman|сёл|сел[оа]|деревн|населённ|населенн|территори|köy|"
                          r"yerleşim|topra|kənd|yaşayış məntəqə|ərazi|գյուղ|localités?|"
                          r"territoire|dörfer|ortschaft|siedlung|gebiet|pueblos?|aldeas?|"
                          r"localidad|territorio")
_OWNER_AFTER = re.compile(r"^(?:-\w+|\w*)\s+(?:of\s+(?:the\s+)?)?$")
# The noun carries its owner as a possessive ("permukimannya", "its settlements").
_POSSESSIVE_TERRITORY = lexicon(r"(?<!\w)(?:" + ALTS + ")",
                                r"(?:its|their) (?:villages|settlements|towns)|"
                                r"(?:desa|permukiman|pemukiman|wilayah)\w*nya\b|"
                                r"(?:ses|leurs) (?:villages|localités)|"
                                r"(?:seine|ihre) (?:dörfer|ortschaften)|"
                                r"sus (?:pueblos|aldeas|localidades)")
_FROM_OCCUPATION = re.compile(r"(?:from (?:armenian |azerbaijani )?occupation|dari pendudukan|"
                              r"от оккупац|işgalden|işğaldan|օկուպացիայից|de l'occupation|"
                              r"de l’occupation|von der besatzung|de la ocupación)")
_LIBERATION = re.compile(r"(?<!\w)(?:liberat|membebaskan|dibebaskan|освобод|освобожд|kurtar|"
                         r"azad ed|azad olun|ազատագր|libér|befrei|liberaron|liberado|"
                         r"liberación)")
_OWN_FORCES = re.compile(r"\w+\s+(?:(?:[\w'’-]+\s+){0,3}?(?:that|bahwa|что|ki|que|dass)\s+)?"
                         r"(?:(?:units|elements) of\s+)?(?:pasukannya|"
                         r"its (?:forces|troops|army|air defen[cs]e)|their (?:forces|troops)|"
                         r"его войска|"
                         r"их войска|наши войска|güçleri|ordusu|qoşunları|bölmələri|"
                         r"ses (?:forces|troupes|unités)|son armée|"
                         r"seine (?:truppen|streitkräfte|einheiten)|"
                         r"sus (?:tropas|fuerzas|unidades)|su ejército)")
_BY_AGENT = re.compile(r"(?<!\w)(?:oleh|by|со стороны|tarafından|tərəfindən)\s")
_LOCATIVE = re.compile(r"(?<!\w)(?:in|at|near|di|ke|dekat|в|во|под|около|возле|у|à|au|"
                       r"près de|bei|nahe|en|cerca de)\s+$")
# Words pointing back at a place named just before ("there", "the town", "kota itu").
_ANAPHOR = re.compile(r"(?<!\w)(?:there|the (?:town|city|village)|that (?:town|city|village)|"
                      r"di sana|di sini|kota itu|desa itu|kota tersebut|там|этот город|"
                      r"город[еу]?\b|orada|kentte|şəhərdə|orada|şehirde|la ville|là-bas|dort|"
                      r"die stadt|allí|la ciudad)")
_NON_STATE = re.compile(r"(?:separatist|militia|rebel|insurgent|de facto|separatis|milisi|"
                        r"сепаратист|ополчен|боевик|ayrılıkçı|separatçı|qondarma|séparatist|"
                        r"milice|miliz|milicia)")


@dataclass(frozen=True, slots=True)
class Where:
    place_name: str
    place_names: str
    place_id: str
    country_code: str  # ISO alpha-2 of the place, "" for lines
    geometry: dict[str, Any]
    geo_precision: int
    where_prec: int
    own: bool = True  # named in the sentence itself (not taken from context)
    start: int = -1  # the words that named the place (article offsets), -1 if none did
    end: int = -1


def _place_names(place: Place) -> str:
    historic = [n.name for n in place.names if n.is_historic and n.name != place.name]
    return f"{place.name} ({', '.join(dict.fromkeys(historic))})" if historic else place.name


def _where_of(mention: Mention) -> Where | None:
    """A resolved mention as a place: a pin for a town (the gazetteer's precision says whether
    the text put the event at or near it), the outline for a region or border."""
    place = mention.place
    if place is None:
        return None
    kind = str(place.kind)
    if kind == "populated_place":
        geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
        near = mention.precision >= 2
        return Where(place.name, _place_names(place), place.id, place.country, geometry,
                     2 if near else 1, 2 if near else 1, start=mention.start, end=mention.end)
    region = _geo.feature_geojson(place.geometry_ref) if place.geometry_ref else None
    geometry = region or {"type": "Point", "coordinates": [place.lon, place.lat]}
    where_prec = {"country": 6, "border": 5, "river": 5}.get(kind, 4)
    return Where(place.name, _place_names(place), place.id, place.country, geometry, 3,
                 where_prec, start=mention.start, end=mention.end)


def _coherent(mentions: list[Mention]) -> list[Mention]:
    """Drop places far from where the rest of the article is (a mistranslated or stray name)."""
    points = [m for m in mentions if m.place is not None and str(m.place.kind) != "country"]
    if len(points) < 3:
        return mentions
    lats = sorted(m.place.lat for m in points if m.place)
    lons = sorted(m.place.lon for m in points if m.place)
    centre = (lats[len(lats) // 2], lons[len(lons) // 2])
    return [m for m in mentions if m.place is None or str(m.place.kind) == "country"
            or _geo.within_km(centre, (m.place.lat, m.place.lon), COHERENCE_KM)]


@dataclass(slots=True)
class _Context:
    report: date | None
    mentions: list[Mention]
    focus_region: Mention | None
    focus_country: str  # ISO alpha-2 of most places the article names
    starts: list[int] = field(default_factory=list)  # of ``mentions``, in text order
    previous_where: Where | None = None
    previous_party: str = ""
    previous_when: When | None = None
    previous_type: tuple[str, str] | None = None
    previous_type_at: int = -1  # the sentence index of ``previous_type``
    when_age: int = 0  # sentences since the last day-precise date
    focus_where: Where | None = None  # the focus region as a place, worked out once


def _resolved_mentions(article: Article, found: list[Mention],
                       skip: list[tuple[int, int]]) -> list[Mention]:
    dateline = fold(article.dateline_place)
    kept = [m for m in found if m.place is not None
            and not any(a <= m.start < b for a, b in skip)
            and not (dateline and fold(m.surface) == dateline)]
    return _coherent(kept)


def _focus(mentions: list[Mention]) -> tuple[Mention | None, str]:
    regions = [m for m in mentions if m.place and str(m.place.kind) in ("admin_region", "area")]
    by_id = Counter(m.place.id for m in regions if m.place)
    top = by_id.most_common(1)[0][0] if by_id else ""
    focus_region = next((m for m in regions if m.place and m.place.id == top), None)
    countries = Counter(m.place.country for m in mentions
                        if m.place and m.place.country and str(m.place.kind) != "country")
    return focus_region, (countries.most_common(1)[0][0] if countries else "")


def _border(s: Sentence, folded: str, words: Words, parties: list[PartyMention],
            ctx: _Context) -> Where | None:
    """"Along the border" → the border line between the country whose land is hit and the
    country the article's places lie in (or the other party named)."""
    if not _BORDER.search(folded, words):
        return None
    owner3 = iso3(_territory_owner(folded, words, parties, None))
    if not owner3:
        return None
    other3 = iso3_of_iso2(ctx.focus_country) if ctx.focus_country else ""
    if not other3 or other3 == owner3:
        other3 = next((iso3(p.party) for p in parties if iso3(p.party) not in ("", owner3)), "")
    if not other3:
        return None
    a, b = sorted((owner3, other3))
    ref = f"line:{a}-{b}"
    geometry = _geo.feature_geojson(ref)
    if geometry is None:
        return None
    names = _geo.feature_name(ref) or f"{a}–{b} border"
    return Where(names, names, ref, "", geometry, 3, 5)


def _names_a_party(m: Mention, s: Sentence, folded: str, parties: list[PartyMention],
                   speaker: tuple[int, int]) -> bool:
    """A capital standing for its government ("Baku said", "Baku juga membebaskan") is an
    actor, not a location — unless a locative preposition puts something there ("in Baku"),
    and even then when it is who speaks ("В Ереване заявили": Yerevan said)."""
    a, b = m.start - s.start, m.end - s.start
    if str(m.place.kind) != "populated_place" if m.place else True:
        return False
    if not any(p.start <= a < p.end or a <= p.start < b for p in parties):
        return False
    return speaker[0] <= a < speaker[1] or not _LOCATIVE.search(folded[max(0, a - 12):a])


def _territory_owner(folded: str, words: Words, parties: list[PartyMention],
                     claim: Claim | None) -> str:
    """The party whose villages/settlements the sentence says were hit, "" if unsaid."""
    for t in _TERRITORY_NOUN.finditer(folded, words):
        for p in parties:  # "desa-desa Iran", "villages of Iran", "Iranian villages"
            if p.start >= t.end() and _OWNER_AFTER.match(folded[t.end():p.start]):
                return p.party
            if p.end <= t.start() and not folded[p.end:t.start()].strip():
                return p.party
    if claim and _POSSESSIVE_TERRITORY.search(folded, words):
        return claim.party
    return ""


def _country_where(party: str) -> Where | None:
    """A whole country as the place: all the text says is whose land it was."""
    a3 = iso3(party)
    geometry = _geo.feature_geojson(f"adm0:{a3}") if a3 else None
    if geometry is None:
        return None
    return Where(party, party, f"adm0:{a3}", iso2_of_party(party), geometry, 3, 6)


def _where(s: Sentence, folded: str, words: Words, parties: list[PartyMention], cue_at: int,
           ctx: _Context, claim: Claim | None) -> Where | None:
    lo, hi = bisect_left(ctx.starts, s.start), bisect_left(ctx.starts, s.end)
    speaker = claim.speaker_span if claim and claim.verb_start >= 0 else (0, 0)
    inside = [m for m in ctx.mentions[lo:hi] if m.place
              and not _names_a_party(m, s, folded, parties, speaker)]
    points = [m for m in inside if str(m.place.kind) == "populated_place"]  # type: ignore[union-attr]
    if points:
        nearest = min(points, key=lambda m: abs(m.start - (s.start + cue_at)))
        return _where_of(nearest)
    border = _border(s, folded, words, parties, ctx)
    if border:
        return border
    lines = [m for m in inside if str(m.place.kind) in ("border", "river")]  # type: ignore[union-attr]
    regions = [m for m in inside if str(m.place.kind) in ("admin_region", "area")]  # type: ignore[union-attr]
    if lines or regions:
        return _where_of((lines or regions)[0])
    if ctx.previous_where and ctx.previous_where.where_prec == 1 and _ANAPHOR.search(folded):
        prev = ctx.previous_where
        return replace(prev, geo_precision=2, where_prec=2, own=False)
    owner = _territory_owner(folded, words, parties, claim)
    if owner and (country := _country_where(owner)):
        return country
    if ctx.focus_region is not None:
        return ctx.focus_where
    if ctx.focus_country:
        ref = f"adm0:{iso3_of_iso2(ctx.focus_country)}"
        geometry = _geo.feature_geojson(ref)
        if geometry:
            name = _geo.feature_name(ref) or ctx.focus_country
            return Where(name, name, ref, ctx.focus_country, geometry, 3, 6, own=False)
    return None


# "Take" with a named place as its object ("had taken Zangilan", "took the town of Fuzuli")
# or, passive, as its subject ("Zangilan has been taken"): a capture. The place must be one
# the gazetteer resolved in the sentence, so "took part", "took place" never qualify.
_TAKE = lexicon(r"(?<!\w)(?:" + ALTS + r")\b", r"take|takes|took|taken|taking|pris|repris|"
                r"prirent|nahmen|nahm|tomaron|tomó|tomado")
_TAKE_OBJECT = re.compile(r"\s+(?:over\s+|back\s+)?(?:(?:the|a|le|la|les|el|los|las|die|den|"
                          r"das)\s+)?(?:(?:\w+\s+){0,2}?(?:town|city|village|district|region|"
                          r"settlement|ville|localité|stadt|dorf|ciudad|pueblo|localidad)s?\s+"
                          r"(?:of|de|von)\s+)?")
_TAKEN_SUBJECT = re.compile(r"(?:['’]s)?\s+(?:has|had|have|was|were|is|are)\s+(?:now\s+)?"
                            r"(?:been\s+)?")
_TAKEABLE = ("populated_place", "admin_region", "area")


def _takeable_places(s: Sentence, ctx: _Context) -> list[tuple[int, int]]:
    """Spans (sentence offsets) of the towns, districts and areas the sentence names."""
    lo, hi = bisect_left(ctx.starts, s.start), bisect_left(ctx.starts, s.end)
    return [(m.start - s.start, m.end - s.start) for m in ctx.mentions[lo:hi]
            if m.place is not None and str(m.place.kind) in _TAKEABLE]


def _take_of_place(s: Sentence, folded: str, words: Words, ctx: _Context) -> int | None:
    """Where a "take" verb with a named place as its object or passive subject starts."""
    takes = _TAKE.finditer(folded, words)
    if not takes:
        return None
    places = _takeable_places(s, ctx)
    for t in takes:
        for a, b in places:
            if a >= t.end() and _TAKE_OBJECT.fullmatch(folded, t.end(), a):
                return t.start()
            if b <= t.start() and t[0] == "taken" and _TAKEN_SUBJECT.fullmatch(
                    folded, b, t.start()):
                return t.start()
    return None


def _transfer_of_place(s: Sentence, folded: str, words: Words, ctx: _Context,
                       when: When | None) -> int | None:
    """Where a handover of a named town or district starts ("Armenia handed over Aghdam",
    "troops entered Kalbajar under the truce"); None for a plan ("is to be handed over on
    1 December", a date after the report) or a sentence naming no such place."""
    # The giving side's verb first (the receiver acts); then troops entering, which is a
    # transfer beside a withdrawal or under an agreement; then a withdrawal alone.
    handover = GIVING.search(folded, words)
    if handover is None:
        if FORCES.search(folded, words) is None:
            return None  # residents leaving, refugees entering
        entry = ENTRY.search(folded, words)
        leaving = WITHDRAWAL.search(folded, words)
        if entry is not None and (leaving is not None
                                  or UNDER_AGREEMENT.search(folded, words) is not None):
            handover = entry
        elif leaving is not None:
            handover = leaving
        else:
            return None
    if (PLANNED.search(folded, words) is not None or not _takeable_places(s, ctx)
            or NOT_TERRITORY.search(folded, words) is not None):
        return None
    if when is not None and ctx.report is not None and when.first > ctx.report:
        return None
    return handover.start()


# A downed aircraft named as the subject of a passive ("helikopter Azerbaijan ditembak jatuh",
# "the plane was shot down", "самолёт сбит"): the party next to it owns the aircraft.
_DOWNED = lexicon(r"(?<!\w)(?:" + ALTS + ")", r"(?:ditembak|tertembak) jatuh|"
                  r"(?:was|were|been|being) shot down|сбит|düşürül|vurul|"
                  r"(?:a|ont|avait|avaient) été abattu|wurden? abgeschossen|"
                  r"(?:fue|fueron) derribad")


# Between a party and the act it names: nothing, or one word that is not a place noun or a
# reporting verb ("Armenian fire", "армянские силы обстреляли", "pasukan Azerbaijan merebut").
_ONE_WORD_GAP = re.compile(r"\s+(?:[\w'’-]+\s+)?")
_NOT_AN_ACTOR_WORD = re.compile(
    r"(?<!\w)(?:villages?|settlements?|towns?|city|cities|district|region|desa|kota|wilayah|"
    r"permukiman|сёл|сел[оа]|город\w*|район\w*|köy\w*|kent\w*|şehir\w*|kənd\w*|şəhər\w*|"
    r"said|says|mengatakan|заявил\w*|сообщил\w*|söyledi|bildirdi|bildirib|deyib|villes?|"
    r"localités?|stadt|dorf|ciudad|pueblo|affirm\w*|déclar\w*|sagte|erklärte|dijo|afirmó|"
    r"declaró)\s")


# "Armenia, Azerbaijan and Russia signed": the last of several subjects is not the actor.
_COORDINATED = re.compile(r"(?:,|\band|\bdan|\bи|\bve|\bvə|\bor|\bet|\bund|\by|\boder)\s*$")


def _actor_at_cue(folded: str, parties: list[PartyMention], cue_at: int,
                  speaker: tuple[int, int]) -> str:
    """The party named right before the act ("Armenian fire on its towns"): the act is its,
    whoever reports it and whatever "its forces" the report mentions."""
    for p in reversed(parties):
        if p.end > cue_at or speaker[0] <= p.start < speaker[1]:
            continue
        gap = folded[p.end:cue_at]
        if (_ONE_WORD_GAP.fullmatch(gap) and not _NOT_AN_ACTOR_WORD.search(gap)
                and not _COORDINATED.search(folded, 0, p.start)):
            return p.party
        return ""  # only the party nearest before the act can be its agent this way
    return ""


def _talk_about_war(folded: str, words: Words, cue_at: int, has_toll: bool) -> bool:
    """Appeals, diplomacy, blame and background name the fighting without reporting an act:
    the talk word precedes the cue ("urged an end to the clashes") or follows it closely —
    within the speech the cue is reported in ("denied the claim and said fighting was
    continuing" reports fighting)."""
    if has_toll or NOT_AN_EVENT.search(folded, words) is None:
        return False
    m = NOT_AN_EVENT.pattern.search(folded, reported_from(folded, cue_at))
    return m is not None and m.start() < cue_at + TALK_WINDOW


# --- events ---------------------------------------------------------------------------------
def event_id(article_id: str, start: int, end: int, event_type: str, sub_event_type: str) -> str:
    """Same article, sentence span and type → same id, so re-ingest never duplicates."""
    key = f"{article_id}|{start}|{end}|{event_type}|{sub_event_type}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _territory_type(actor1: str, folded: str, where: Where | None) -> str:
    """A capture is "Government regains territory" when a state takes back its own land."""
    if _NON_STATE.search(folded):
        return "Non-state actor overtakes territory"
    own = bool(where and where.country_code and actor1
               and where.country_code == iso2_of_party(actor1))
    unplaced = not (where and where.country_code)
    if actor1 and iso3(actor1) and (own or (unplaced and (_FROM_OCCUPATION.search(folded)
                                                          or _LIBERATION.search(folded)))):
        return "Government regains territory"
    return "Armed clash"


def _claims(figures: list[Figure], claim: Claim | None, s: Sentence) -> list[FatalityClaim]:
    out = []
    for f in figures:
        by = claim.party if claim else (f.killer if f.killer and f.killer != f.side_of_dead else "")
        out.append(FatalityClaim(f.number, f.low, f.high, f.who_died, f.side_of_dead, by, s.text))
    return out


def _summary(sub: str, actor1: str, actor2: str, where: Where | None,
             claims: list[FatalityClaim], claimed_by: str) -> str:
    parts = [sub]
    if actor1:
        parts.append(f"{actor1} vs {actor2}" if actor2 else actor1)
    if where:
        parts.append(f"at {where.place_names}")
    text = " — ".join(parts)
    for c in claims:
        qualifier = "more than " if c.low is not None else "up to " if c.high is not None else ""
        side = f" {c.side_of_dead}" if c.side_of_dead else ""
        text += f"; {qualifier}{c.number}{side} {c.who_died} killed"
    if claimed_by:
        text += f" (according to {claimed_by})"
    return text


@dataclass(slots=True)
class _Draft:
    """An event before it becomes an ``Event``: adjacent drafts about the same act merge."""

    index: int
    start: int
    end: int
    when: When | None
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    claimed_by: str
    claims: list[FatalityClaim]
    where: Where | None

    def absorbs(self, other: _Draft) -> bool:
        """The next sentence adds detail to this act: same type, date, place and claimant."""
        return (other.index == self.index + 1
                and (other.event_type, other.sub_event_type) == (self.event_type,
                                                                 self.sub_event_type)
                and other.when == self.when
                and (other.where is None or not other.where.own
                     or (self.where is not None and self.where.place_id == other.where.place_id))
                and (not other.claimed_by or not self.claimed_by
                     or other.claimed_by == self.claimed_by))

    def absorb(self, other: _Draft) -> None:
        self.index, self.end = other.index, other.end
        self.claims += other.claims
        self.actor1 = self.actor1 or other.actor1
        self.actor2 = next((a for a in (self.actor2, other.actor2, other.actor1)
                            if a and a != self.actor1), "")
        self.claimed_by = self.claimed_by or other.claimed_by
        if self.claimed_by:  # a toll in the detail sentence is told by whoever tells the act
            self.claims = [c if c.claimed_by else replace(c, claimed_by=self.claimed_by)
                           for c in self.claims]
        if self.where is None or (other.where is not None and other.where.own
                                  and not self.where.own):
            self.where = other.where


def _skipped(article: Article) -> list[tuple[int, int]]:
    """Boilerplate, plus the headline when it restates the body."""
    skip = list(article.boilerplate)
    title_line = article.text.split("\n", 1)[0]
    if article.title and title_line.strip() == article.title.strip():
        skip.append((0, len(title_line)))
    return skip


def article_mentions(article: Article, gaz: Gazetteer) -> list[Mention]:
    """Every place mention of the article (resolved and rejected) exactly as extraction
    sees them; pass them to :func:`extract_events` to avoid a second ``find``."""
    report = date.fromisoformat(article.report_date) if article.report_date else None
    return gaz.find(article.text, language=article.language or None, report_date=report,
                    skip=tuple(_skipped(article)))


def extract_events(article: Article, gaz: Gazetteer | None,
                   mentions: list[Mention] | None = None) -> list[Event]:
    """Events of one article, in text order; deterministic for the same article and index.

    ``mentions``: the result of :func:`article_mentions` when the caller already has it.
    """
    report = date.fromisoformat(article.report_date) if article.report_date else None
    skip = _skipped(article)
    if mentions is None:
        mentions = article_mentions(article, gaz) if gaz is not None else []
    mentions = _resolved_mentions(article, mentions, skip)
    focus_region, focus_country = _focus(mentions)
    ctx = _Context(report, mentions, focus_region, focus_country,
                   [m.start for m in mentions])  # find returns mentions in text order
    if focus_region is not None and (focus := _where_of(focus_region)) is not None:
        ctx.focus_where = replace(focus, own=False)
    drafts: list[_Draft] = []
    for index, s in enumerate(sentences(article.text, skip)):
        draft = _sentence_draft(index, s, ctx)
        if draft is None:
            continue
        if drafts and drafts[-1].absorbs(draft):
            drafts[-1].absorb(draft)
        else:
            drafts.append(draft)
    _geo.prefetch_regions((d.where.place_id, d.where.geometry) for d in drafts if d.where)
    return [_event(article, d) for d in drafts]


def _sentence_draft(index: int, s: Sentence, ctx: _Context) -> _Draft | None:
    folded = fold(s.text)
    words = words_of(folded)
    parties = party_mentions(s.text, folded, words)
    exprs = _find_dates(s.text, ctx.report, folded, words)
    when = _when(exprs, ctx.report) if ctx.report else None
    # Only what can still matter is worked out: a history sentence needs no type, a
    # sentence with no cue needs a toll only to continue the previous event's type, and a
    # sentence with no party can only pass the previous claimant on — unless it is an event.
    cue = classify(folded, words) if when is not False else None
    if cue is not None and cue[1] == AGREEMENT and AFTER_TRUCE.search(folded, words):
        cue = None  # "a week after the truce": a date, not the agreement's news
    if cue is None and when is not False and ctx.mentions:
        at = _take_of_place(s, folded, words, ctx)
        cue = (BATTLES, CAPTURE, at) if at is not None else None
        if cue is None:
            at = _transfer_of_place(s, folded, words, ctx,
                                    when if isinstance(when, When) else None)
            cue = (STRATEGIC, TRANSFER, at) if at is not None else None
    elif cue is not None and cue[0] == BATTLES and NO_FIGHT.search(folded, words) is not None:
        cue = (STRATEGIC, TRANSFER, cue[2])  # "took the town without a fight", "без боя"
    if (cue is not None and cue[0] != REMOTE and ctx.previous_type is not None
            and ctx.previous_type[0] == REMOTE and index - ctx.previous_type_at <= FIRE_CARRY
            and AMBIGUOUS_FIRE.search(folded, words)):
        cue = (*ctx.previous_type, cue[2])  # "19 tewas dalam penembakan": that shelling's firing
    figures = (death_figures(s.text, parties, [(e.start, e.end) for e in exprs], folded, words)
               if when is not False and (cue is not None or ctx.previous_type) else [])
    if when is not False and (cue is not None or figures) and _not_news(folded, words, exprs,
                                                                         ctx.report):
        when, figures = False, []  # no event, and no date to carry over
    if cue is None and figures and ctx.previous_type:
        cue = (*ctx.previous_type, 0)
    claim = (claimant(s.text, parties, ctx.previous_party, folded, words)
             if parties or (cue is not None and when is not False) else None)
    ctx.previous_party = claim.party if claim else (parties[0].party if parties else
                                                    ctx.previous_party)
    if when is False:
        return None  # history ("since the 1994 ceasefire"), background or an award
    if isinstance(when, When):
        if when.precision <= 2:
            ctx.previous_when, ctx.when_age = when, 0
    else:
        ctx.when_age += 1
    if cue is None or ((cue[0] != STRATEGIC or cue[1] == TRANSFER)
                       and _talk_about_war(folded, words, cue[2], bool(figures))):
        return None
    event_type, sub, cue_at = cue
    if not isinstance(when, When):
        if ctx.previous_when is not None and ctx.when_age <= CARRY_SENTENCES:
            when = ctx.previous_when  # the date of the sentences just before carries over
        elif ctx.report is not None:
            when = When(ctx.report - timedelta(days=1), ctx.report, 2, "dateline")
        else:
            when = None
    speaker = claim.speaker_span if claim else (0, 0)
    downed = event_type == BATTLES and _DOWNED.search(folded, words) is not None
    # A downed aircraft's shooter is named only by "by"/"oleh"; the other parties own the
    # aircraft or the ground it fell on.
    # An intercepted weapon's owner ("shot down four Azerbaijani drones") did not intercept.
    owned = INTERCEPTION.pattern.search(folded, words) if sub == DISRUPTED else None
    agents = parties if owned is None else [p for p in parties
                                            if not owned.start() <= p.start < owned.end()]
    actor1 = agent(s.text, agents, speaker, folded, explicit_only=downed)
    if not downed:
        if claim and claim.verb_start >= 0 and _OWN_FORCES.match(folded, claim.verb_start) \
                and not _BY_AGENT.search(folded):
            actor1 = claim.party  # "X said its forces ...": X acts
        actor1 = _actor_at_cue(folded, agents, cue_at, speaker) or actor1
        if not actor1 and claim and (event_type == BATTLES or sub == DISRUPTED):
            actor1 = claim.party  # a side reporting fighting, or its own interception
    actor2 = next((p.party for p in parties if p.party != actor1
                   and not speaker[0] <= p.start < speaker[1]), "")
    if not actor2 and claim and claim.party != actor1:
        actor2 = claim.party  # shelling reported by a side: usually the side that was hit
    if sub == TRANSFER and (given := GIVING.search(folded, words)) is not None \
            and given.start() == cue_at:
        # "Armenia handed Aghdam to Azerbaijan": the receiving side acts (gains control); a
        # passive naming only the receiver ("Ağdam Azərbaycana qaytarılıb") already has it.
        receiver = next((p.party for p in agents if p.party != actor1
                         and not speaker[0] <= p.start < speaker[1]),
                        claim.party if claim and claim.party != actor1 else "")
        if receiver:
            actor1, actor2 = receiver, actor1
    where = _where(s, folded, words, parties, cue_at, ctx, claim)
    ctx.previous_where = where
    if sub == CAPTURE:
        sub = _territory_type(actor1, folded, where)
    ctx.previous_type, ctx.previous_type_at = (event_type, sub), index
    claims = _claims(figures, claim, s)
    claimed_by = claim.party if claim else next((c.claimed_by for c in claims if c.claimed_by), "")
    return _Draft(index, s.start, s.end, when, event_type, sub, actor1, actor2, claimed_by,
                  claims, where)


def _event(article: Article, d: _Draft) -> Event:
    claims, when, where = d.claims, d.when, d.where
    parties_all = list(dict.fromkeys(p for p in (d.actor1, d.actor2, d.claimed_by,
                                                 *(c.side_of_dead for c in claims)) if p))
    best = sum(c.number for c in claims) if claims else None
    low = sum(c.low if c.low is not None else c.number for c in claims) if claims else None
    high = (sum(c.high if c.high is not None else c.number for c in claims)
            if claims and all(c.low is None for c in claims) else None)
    region = _geo.regions_of(where.place_id, where.geometry) if where else ("", "", "")
    if where and where.where_prec == 6 and not region[0]:  # a whole country: its own name
        region = (where.place_name, "", region[2])
    confidence = 0.4 + (0.2 if where and where.where_prec <= 2 else 0.0) + \
        (0.2 if when and when.basis != "dateline" else 0.0) + \
        (0.1 if d.claimed_by else 0.0) + (0.1 if d.actor1 else 0.0)
    return Event(
        event_id=event_id(article.article_id, d.start, d.end, d.event_type, d.sub_event_type),
        article_id=article.article_id, source=article.source, url=article.url,
        language=article.language,
        event_date=when.first.isoformat() if when else "",
        event_date_end=when.last.isoformat() if when else "",
        date_precision=when.precision if when else 5,
        report_date=article.report_date,
        date_basis=when.basis if when else "",
        event_type=d.event_type, sub_event_type=d.sub_event_type,
        summary=_summary(d.sub_event_type, d.actor1, d.actor2, where, claims, d.claimed_by),
        actor1=d.actor1, actor2=d.actor2, parties=parties_all, claimed_by=d.claimed_by,
        fatalities=best, fatalities_low=low, fatalities_high=high, fatality_claims=claims,
        place_name=where.place_name if where else "",
        place_names=where.place_names if where else "",
        place_id=where.place_id if where else "",
        geometry=where.geometry if where else {},
        geo_precision=where.geo_precision if where else 3,
        where_prec=where.where_prec if where else 6,
        country=region[0], admin1=region[1], disputed_area=region[2],
        sentence=article.text[d.start:d.end], char_start=d.start, char_end=d.end,
        confidence=round(min(confidence, 1.0), 2), title=article.title,
        sources=[article.source or article.url or article.article_id],
        place_start=where.start if where else -1, place_end=where.end if where else -1,
    )


__all__ = ["Sentence", "event_id", "extract_events", "sentences"]
