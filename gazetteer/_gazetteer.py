"""The Gazetteer: open a compiled index and find the places an article names.

``find`` works in four steps: *spot* candidate spans (Aho-Corasick over the core names,
whatever their case, plus a hash lookup of capitalised n-grams for the long tail, each in
an exact and an inflection-stripped pass); *reject* spans that are common words,
organisations, datelines, footers or parts of people's names; *resolve* the rest by
kind/population priors, the article's focus countries, spatial coherence with the other
mentions (geodesic distance) and name validity at the report date; then apply *rename
cues* and *border* phrases, which link spans the index alone cannot explain.
"""

from __future__ import annotations

import math
import re
import sqlite3
from bisect import bisect_left, bisect_right, insort_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import add, attrgetter, itemgetter, mul
from pathlib import Path
from typing import Any

import ahocorasick
import numpy as np
from geopy.distance import geodesic

from gazetteer import _lexicon as lex
from gazetteer._index import (
    automaton_path,
    hashes_path,
    load_automaton,
    name_hash,
    row_to_place,
)
from gazetteer._normalise import (
    Words,
    cached_map,
    fold_token,
    scan_words,
    stem_token,
    stem_variants,
)
from gazetteer._online import OnlineGeocoder
from gazetteer.errors import GazetteerError
from gazetteer.model import Mention, Place, PlaceKind

MAX_CHARS = 5_000_000  # larger texts are refused with one line instead of hanging
MAX_NGRAM = 4
MAX_SPANS = 100_000  # a 5 MB news text has ~80k; more is a list of names, refused quickly
_ORG_REACH = 8  # words an organisation name may run either side of a place in it
_CANDIDATES = 40
_KIND_PRIOR = {
    PlaceKind.COUNTRY: 3.2, PlaceKind.AREA: 2.8, PlaceKind.ADMIN_REGION: 2.3,
    PlaceKind.BORDER: 2.0, PlaceKind.RIVER: 1.8, PlaceKind.MOUNTAIN: 1.5,
}
_STRONG_KINDS = frozenset(_KIND_PRIOR)
_PARTICLES = frozenset({"al", "el", "ad", "as", "ar", "at", "az", "an", "ash", "de", "la",
                        "le", "da", "di", "van", "von", "ul", "ol"})
# Control characters that mark binary input, as UTF-8 bytes (never inside a multi-byte
# sequence): bytes.translate deletes them in one C pass, far faster than a regex scan.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# Lower-case words allowed inside a multi-word name found through the hash table.
_INNER_WORDS = frozenset({"de", "la", "le", "les", "du", "des", "del", "di", "da", "do", "dos",
                          "van", "der", "von", "al", "el", "on", "upon", "sur", "am", "im",
                          "an", "of"})
_SENTENCE_END = re.compile(r"[.!?]\s*$|\n\s*$")
_DATELINES = (
    # outlet.com-City (04/10/2020).  /  outlet.com - City, ...
    re.compile(r"(?m)^[ \t]*[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co|id|ru|az|am|tr|ua|info|news)"
               r"\S*?\s*[-–—]\s*(?P<p>[^\W\d_][^\W\d_'’ .-]*(?:[ -][^\W\d_][^\W\d_'’]*){0,3})"),
    # CITY (Agency) -   /   MOSCOW, Oct 4 -
    re.compile(r"(?m)^[ \t]*(?P<p>[A-ZА-ЯЁԱ-Ֆ][A-ZА-ЯЁԱ-Ֆ'’ .-]{2,40}?)\s*(?:,[^\n–—-]{0,30})?"
               r"\s*(?:\([^)\n]{1,30}\)\s*)?[-–—]\s"),
    # City (04/10/2020)
    re.compile(r"(?m)^[ \t]*(?P<p>[^\W\d_][^\W\d_'’ -]{1,40}?)\s*[,(]\s*\d{1,2}[/.-]\d{1,2}"
               r"[/.-]\d{2,4}\s*\)?"),
)


@dataclass(slots=True)
class _Cand:
    """A candidate place for a span with the name row that matched."""

    id: str
    kind: PlaceKind
    lat: float
    lon: float
    country: str
    population: int
    source: str
    language: str
    historic: bool
    valid_from: str | None
    valid_to: str | None
    inflected: bool = False

    @classmethod
    def of(cls, r: Sequence[Any]) -> _Cand:
        return cls(str(r[0]), PlaceKind(str(r[2])), float(r[3]), float(r[4]), str(r[5]),
                   int(r[7]), str(r[9]), str(r[10]), bool(r[11]), r[12] or None, r[13] or None)


class _Reading:
    """A name reading of a span (normalised name, inflection-stripped alternative, whether
    the name itself was inflected) and what follows from its candidate list alone: built
    once and shared by every span, in any article, that reads the same way."""

    __slots__ = ("norm", "alt", "inflected", "cands", "stop", "orgs", "strong",
                 "has_country", "max_pop", "votes", "bonus", "pairs", "priors",
                 "town_region")

    def __init__(self, norm: str, alt: str, inflected: bool, cands: list[_Cand]) -> None:
        self.norm, self.alt, self.inflected, self.cands = norm, alt, inflected, cands
        self.stop = norm in lex.STOP_NAMES
        self.orgs = _orgs_naming(norm)  # known organisation names containing it
        # a strong candidate (region/country/line or curated), a country candidate
        self.strong = any(c.kind in _STRONG_KINDS or c.source == "supplement" for c in cands)
        self.has_country = any(c.kind is PlaceKind.COUNTRY for c in cands)
        self.max_pop = max((c.population for c in cands), default=0)
        # what a span votes for in ``_focus``: the country of the first country candidate,
        # the one country all candidates share ("" when none)
        country = next((c.country for c in cands
                        if c.kind is PlaceKind.COUNTRY and c.country), "")
        sole = cands[0].country if len({c.country for c in cands}) == 1 else ""
        self.votes = (country, sole)
        # per candidate, the country whose focus weight earns it a bonus ("" for countries)
        self.bonus = tuple("" if c.kind is PlaceKind.COUNTRY else c.country for c in cands)
        self.pairs: tuple[tuple[int, int], ...] | None = None  # see _town_pairs, lazily
        self.priors: dict[tuple[str, date | None], tuple[float, ...]] = {}
        self.town_region: dict[int, tuple[int | None, int | None]] = {}


class _Span:
    """A spotted span on its way to becoming a Mention."""

    __slots__ = ("first", "last", "rd", "reason", "scores", "chosen", "score")

    def __init__(self, first: int, last: int, rd: _Reading) -> None:
        self.first = first  # word indices, inclusive/exclusive
        self.last = last
        self.rd = rd
        self.reason = ""
        self.scores: list[float] = []
        self.chosen: _Cand | None = None
        self.score = 0.0


class Gazetteer:
    """A compiled gazetteer index, opened read-only."""

    def __init__(self, path: Path, con: sqlite3.Connection, automaton: ahocorasick.Automaton,
                 hashes: np.ndarray, geocoder: OnlineGeocoder | None = None) -> None:
        self.path = path
        self.geocoder = geocoder
        self._con = con
        self._automaton = automaton
        self._hashes = hashes
        self._cand_cache: dict[str, list[_Cand]] = {}
        self._place_cache: dict[str, Place] = {}
        self._dist_rows: dict[str, dict[str, float]] = {}
        self._dist_count = 0
        self._known_cache: dict[str, bool] = {}
        self._runs_cache: dict[str | tuple[str, ...],
                               tuple[tuple[int, str, str, bool], ...]] = {}
        self._borders: dict[frozenset[str], Place] | None = None
        self._renamed_cache: dict[str, bool] = {}
        self._folded_names_cache: dict[str, frozenset[str]] = {}
        self._strength_cache: dict[str, float] = {}
        self._readings: dict[tuple[str, str, bool], _Reading] = {}

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, geocoder: OnlineGeocoder | None = None) -> Gazetteer:
        """Open an index built by ``build_index``; a clear GazetteerError if it is not one.

        ``geocoder`` (opt-in) is asked about villages the index does not know.
        """
        p = Path(path)
        missing = [x for x in (p, automaton_path(p), hashes_path(p)) if not x.exists()]
        if missing:
            raise GazetteerError(f"{missing[0]}: gazetteer index not found; run "
                                 "`conflictmap gazetteer build`")
        try:
            con = sqlite3.connect(f"file:{p}?mode=ro&immutable=1", uri=True,
                                  check_same_thread=False)
            con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{p}: not a gazetteer index ({exc}); run "
                                 "`conflictmap gazetteer build`") from None
        try:
            hashes = np.load(hashes_path(p), mmap_mode="r")
        except (OSError, ValueError) as exc:
            con.close()
            raise GazetteerError(f"{hashes_path(p)}: unreadable ({exc}); run "
                                 "`conflictmap gazetteer build`") from None
        return cls(p, con, load_automaton(automaton_path(p)), hashes, geocoder)

    def close(self) -> None:
        """Release the SQLite connection."""
        self._con.close()

    # -- lookups -------------------------------------------------------------------------

    def _known(self, norm: str) -> bool:
        hit = self._known_cache.get(norm)
        if hit is None:
            h = name_hash(norm)
            i = int(np.searchsorted(self._hashes, h))
            hit = i < self._hashes.size and int(self._hashes[i]) == h
            if len(self._known_cache) > 200_000:
                self._known_cache.clear()
            self._known_cache[norm] = hit
        return hit

    def candidates(self, norm: str) -> list[_Cand]:
        """Places having a name whose normalised form is ``norm`` (biggest first)."""
        cached = self._cand_cache.get(norm)
        if cached is not None:
            return cached
        rows = self._con.execute(
            "SELECT p.id, p.name, p.kind, p.lat, p.lon, p.country, p.admin1_code, "
            "p.population, p.geometry_ref, p.source, n.language, n.is_historic, "
            "n.valid_from, n.valid_to FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.norm = ? ORDER BY p.population DESC", (norm,)).fetchall()
        seen: dict[str, _Cand] = {}
        for r in rows:
            pid = r[0]
            if pid in seen:
                prev = seen[pid]
                # prefer the current (non-historic, dated-from) name row for validity checks
                if prev.historic and not r[11]:
                    seen[pid] = _Cand.of(r)
                continue
            seen[pid] = _Cand.of(r)
        cands = sorted(seen.values(), key=lambda c: (c.kind not in _STRONG_KINDS,
                                                     c.source != "supplement", -c.population))
        cands = cands[:_CANDIDATES]
        if len(self._cand_cache) > 50_000:
            self._cand_cache.clear()
        self._cand_cache[norm] = cands
        return cands

    def _strength(self, norm: str) -> float:
        """How big the biggest place of a name is (to pick between inflected readings)."""
        hit = self._strength_cache.get(norm)
        if hit is None:
            hit = max(((_KIND_PRIOR.get(c.kind, 0.0) or math.log10(c.population + 10) / 3)
                       for c in self.candidates(norm)), default=0.0)
            self._strength_cache[norm] = hit
        return hit

    def _inflected(self, norm: str) -> list[_Cand]:
        """Candidates for an inflection-stripped reading, marked so they score lower."""
        key = "\x00" + norm
        cached = self._cand_cache.get(key)
        if cached is None:
            cached = [replace(c, inflected=True) for c in self.candidates(norm)]
            self._cand_cache[key] = cached
        return cached

    def place(self, place_id: str) -> Place:
        """The full Place (all names) for an id."""
        cached = self._place_cache.get(place_id)
        if cached is not None:
            return cached
        row = self._con.execute(
            "SELECT id, name, kind, lat, lon, country, admin1_code, population, geometry_ref "
            "FROM places WHERE id = ?", (place_id,)).fetchone()
        if row is None:
            raise KeyError(place_id)
        names = self._con.execute(
            "SELECT name, language, is_historic, valid_from, valid_to FROM names "
            "WHERE place_id = ? ORDER BY is_historic, rowid", (place_id,)).fetchall()
        place = row_to_place(row, names)
        if len(self._place_cache) > 20_000:
            self._place_cache.clear()
        self._place_cache[place_id] = place
        return place

    def renamed(self, place_id: str) -> bool:
        """Whether a place has a renaming history (historic or dated names)."""
        hit = self._renamed_cache.get(place_id)
        if hit is None:
            hit = _has_rename_history(self.place(place_id))
            self._renamed_cache[place_id] = hit
        return hit

    def _folded_names(self, place: Place) -> frozenset[str]:
        """A place's names folded as one word each (for spelling comparison), cached."""
        hit = self._folded_names_cache.get(place.id)
        if hit is None:
            if len(self._folded_names_cache) > 20_000:
                self._folded_names_cache.clear()
            hit = self._folded_names_cache[place.id] = frozenset(
                fold_token(n.replace(" ", "")) for n in place.all_names())
        return hit

    def lookup(self, name: str) -> list[Place]:
        """Places known by exactly this name (after normalisation)."""
        from gazetteer._normalise import normalise

        return [self.place(c.id) for c in self.candidates(normalise(name))]

    def _km(self, a: _Cand, b: _Cand) -> float:
        """Geodesic km between two places, cached in a row per place (both directions, so
        a lookup builds no key); computed from the smaller id to the larger, so the value
        does not depend on which pair was asked first."""
        row = self._dist_rows.get(a.id)
        if row is not None:
            d = row.get(b.id)
            if d is not None:
                return d
        return self._km_fill(a, b)

    def _km_fill(self, a: _Cand, b: _Cand) -> float:
        if self._dist_count > 200_000:
            self._dist_rows.clear()
            self._dist_count = 0
        lo, hi = (a, b) if a.id < b.id else (b, a)
        d = geodesic((lo.lat, lo.lon), (hi.lat, hi.lon)).km
        self._dist_rows.setdefault(a.id, {})[b.id] = d
        self._dist_rows.setdefault(b.id, {})[a.id] = d
        self._dist_count += 2
        return d

    def _nearest_anchor(self, cand: _Cand, anchors: list[_Cand],
                        anchor_ids: list[str]) -> float | None:
        """km from a candidate to the nearest anchor other than itself (None: no other);
        ``anchor_ids`` are the anchors' ids."""
        cid = cand.id
        row = self._dist_rows.get(cid)
        if row is not None:
            # (min without keywords: builtin min parses keyword arguments slowly)
            others = [a for a in anchor_ids if a != cid] if cid in anchor_ids else anchor_ids
            if not others:
                return None
            try:  # every distance already known (the usual case): no geodesic
                return min(map(row.__getitem__, others))
            except KeyError:
                pass
        dists = [self._km(cand, a) for a in anchors if a.id != cid]
        return min(dists) if dists else None

    # -- find ----------------------------------------------------------------------------

    def find(self, text: str, *, language: str | None = None,
             report_date: date | None = None,
             skip: Iterable[tuple[int, int]] = ()) -> list[Mention]:
        """Resolved and rejected place mentions of ``text``, in text order.

        ``skip`` holds character ranges (boilerplate, footers) whose spans are rejected.
        """
        _check_text(text)
        if not text.strip():
            return []
        w = scan_words(text)
        if not w.texts:
            return []
        lang = (language or "").lower()[:2]
        spans = self._spot(w)
        if len(spans) > MAX_SPANS:
            raise GazetteerError(f"text names over {MAX_SPANS:,} places ({len(spans):,} "
                                 "candidate spans); split it into articles")
        lines = _line_starts(text)
        skips = list(skip) + _footer_ranges(text, lines)
        datelines = _dateline_ranges(text, lines)
        for sp in spans:
            self._reject(text, w, sp, skips, datelines)
        self._resolve(w, spans, lang, report_date)
        extra = _rename_links(self, text, w, spans)
        extra += _border_mentions(self, text, w, spans)
        if self.geocoder is not None:
            extra += _online_mentions(self, self.geocoder, w, spans)
        mentions = self._mentions(text, w, spans)
        # the span mentions are in text order already: each extra goes after those with
        # its (start, end), as a stable sort would put it
        for m in extra:
            insort_right(mentions, m, key=_SPAN_ORDER)
        return _drop_overlaps(mentions)

    # -- spotting ------------------------------------------------------------------------

    def _spot(self, w: Words) -> list[_Span]:
        """Candidate spans, longest-leftmost."""
        breaks, texts, caps, folded, cased = w.breaks, w.texts, w.caps, w.folded, w.cased
        found: dict[tuple[int, int], tuple[str, bool]] = {}
        alts: dict[tuple[int, int], str] = {}
        # 1. case-blind Aho-Corasick over core names (exact and inflected text). In cased
        # text a capitalised inflected name is found by step 2 anyway, so the inflected
        # pass only runs on lower-case input.
        passes: tuple[tuple[Sequence[str], bool], ...] = ((folded, False),) if cased else (
            (folded, False), ([stem_token(t) for t in texts], True))
        if self._automaton.kind != ahocorasick.AHOCORASICK:
            passes = ()
        # " key key key ": names found across punctuation are dropped after the walk (the
        # automaton reports every match, so none is hidden by one that is dropped).
        for keys, use_stems in passes:
            pad = f" {' '.join(keys)} "
            if pad.count(" ") == len(keys) + 1:
                matches = _word_matches(self._automaton, pad)
            else:  # a folded word holds a space (NFKD of a ligature): word starts by length
                matches = _word_matches_by_length(self._automaton, pad, keys)
            for first, last, name in matches:
                if (cased and not caps[first]) or (last > first
                                                   and True in breaks[first + 1:last + 1]):
                    continue
                key = (first, last + 1)
                if key not in found:
                    found[key] = (name, use_stems)
        # 2. capitalised n-grams looked up in the full hash table (the long tail): the
        # readings of a run of words depend on its words only, so they are cached per run.
        n = len(texts)
        heads = list(compress(count(), caps))
        particles = [i for i in compress(count(), map(_PARTICLES.__contains__, folded))
                     if not caps[i] and i + 1 < n and caps[i + 1]]
        if particles:
            heads = sorted(heads + particles)
        runs = self._runs_cache
        inner = _INNER_WORDS
        for chunk in range(0, len(heads), 10_000):
            if len(found) > MAX_SPANS:
                raise GazetteerError(f"text names over {MAX_SPANS:,} places; split it into "
                                     "articles")
            for i in heads[chunk:chunk + 10_000]:
                end, top = i + 1, i + MAX_NGRAM
                if top > n:
                    top = n
                while end < top and not breaks[end] and (caps[end] or folded[end] in inner):
                    end += 1
                # a one-word run (most) is keyed by the word itself, a longer one by a tuple
                run_key: str | tuple[str, ...] = (texts[i] if end == i + 1
                                                  else tuple(texts[i:end]))
                readings = runs.get(run_key)
                if readings is None:
                    if len(runs) > 100_000:
                        runs.clear()
                    readings = runs[run_key] = self._run_readings(tuple(texts[i:end]),
                                                                  folded[i:end])
                for size, exact, inflected, rich in readings:
                    key = (i, i + size)
                    if exact and key not in found:
                        found[key] = (exact, False)
                    if key in found and not rich:
                        continue
                    if inflected:
                        if key in found:
                            alts[key] = inflected
                        else:
                            found[key] = (inflected, True)
        # 3. Russian names a region with an adjective in any case: "в Донецкой области",
        # "Агдамского района" → the region's nominative name, or for a district the name of
        # the town it is named after (read as the region because a region word follows).
        for i in heads:
            word = folded[i]
            if (word.endswith(_SK_ADJECTIVE) and i + 1 < n and not breaks[i + 1]
                    and _rich_inflection(texts[i])):
                region = self._adjective_region(word, folded[i + 1])
                if region is not None and (i, i + region[0]) not in found:
                    found[(i, i + region[0])] = region[1]
        # Longest-leftmost, non-overlapping (one reading per span: exact beat inflected
        # above). Two stable C-level sorts: by end descending, then by start.
        ordered = sorted(found, key=_SECOND, reverse=True)
        ordered.sort(key=_FIRST)
        spans: list[_Span] = []
        taken_until = -1
        shared = self._readings
        for key in ordered:
            first, last = key
            if first < taken_until:
                continue
            norm, was_inflected = found[key]
            reading = (norm, alts.get(key, ""), was_inflected)
            rd = shared.get(reading) or self._reading(*reading)
            if not rd.cands:
                continue
            spans.append(_Span(first, last, rd))
            taken_until = last
        return spans

    def _reading(self, norm: str, alt: str, inflected: bool) -> _Reading:
        """The shared reading of a span (candidates of ``norm``, then those of ``alt`` as
        inflected candidates), cached."""
        cands = self.candidates(norm)
        if alt:
            seen = {c.id for c in cands}
            cands = cands + [c for c in self._inflected(alt) if c.id not in seen]
        if len(self._readings) > 50_000:
            self._readings.clear()
        rd = self._readings[(norm, alt, inflected)] = _Reading(norm, alt, inflected, cands)
        return rd

    def _adjective_region(self, adjective: str, region_word: str,
                          ) -> tuple[int, tuple[str, bool]] | None:
        """(words in the span, (name, inflected)) for a folded "-ский"
        adjective before a region word: "donetskoi oblasti" → "donetskaia oblast" over both
        words; "agdamskogo raiona" → the town "agdam" (the "-ин-" of "fizulinskii" replaced
        a final vowel: "fizuli") over the adjective alone."""
        nominative = next((n for head, n in _REGION_NOMINATIVE if region_word.startswith(head)),
                          None)
        if nominative is None:
            return None
        base = adjective[:adjective.rindex("sk")]
        if self._known(base + nominative):
            return 2, (base + nominative, False)
        if not nominative.endswith("raion"):
            return None
        keys = [base]
        if base.endswith("in") and len(base) > 4:
            keys += [base[:-2] + vowel for vowel in ("i", "a", "y", "e", "")]
        town = next((k for k in keys if len(k) >= 4 and self._known(k)), "")
        return (1, (town, True)) if town else None

    def _run_readings(self, run: tuple[str, ...], folded: list[str],
                      ) -> tuple[tuple[int, str, str, bool], ...]:
        """(n-gram size, exact name or "", best inflection-stripped name or "", whether the
        last word takes rich case endings) for each n-gram starting a run of words."""
        out: list[tuple[int, str, str, bool]] = []
        if run[0].isdigit():
            return ()
        for j, word in enumerate(run):
            joined = " ".join(folded[:j + 1])
            exact = joined if len(joined) >= 3 and self._known(joined) else ""
            best: tuple[float, str] | None = None
            for variant in stem_variants(word):
                inflected = " ".join([*folded[:j], variant])
                if variant == folded[j] or len(inflected) < 3 or not self._known(inflected):
                    continue
                strength = self._strength(inflected)
                if best is None or strength > best[0]:
                    best = (strength, inflected)
            if exact or best is not None:
                out.append((j + 1, exact, best[1] if best else "", _rich_inflection(word)))
        return tuple(out)

    # -- rejection -----------------------------------------------------------------------

    def _reject(self, text: str, w: Words, sp: _Span, skips: Sequence[tuple[int, int]],
                datelines: Sequence[tuple[int, int]]) -> None:
        """Set ``sp.reason`` when the span is not a place."""
        first = sp.first
        start = w.starts[first]
        # (plain loops: a generator per span costs more than the few ranges it reads)
        if skips:
            end = w.ends[sp.last - 1]
            for s, e in skips:
                if s <= start and end <= e:
                    sp.reason = "footer or skipped range"
                    return
        for s, e in datelines:
            if s <= start < e:
                sp.reason = "dateline"
                return
        rd = sp.rd
        if rd.stop or (rd.inflected and w.folded[first] in lex.STOP_NAMES):
            sp.reason = "common word"
            return
        lo = first - _ORG_REACH
        near_org_word = not _ORG_ANY.isdisjoint(
            w.folded[lo if lo > 0 else 0:sp.last + _ORG_REACH])
        if near_org_word or rd.orgs:
            org = _organisation(w, sp)
            if org:
                sp.reason = f"organisation: {org}"
                return
        if _titled_person(w, sp):
            sp.reason = "part of a longer name"
            return
        if rd.strong:
            return  # a strong candidate: the tests below are for weak names only
        one_word = sp.last - first == 1
        head = w.texts[first]
        if one_word and head.isupper() and len(head) <= 3:
            sp.reason = "abbreviation"
            return
        if _in_longer_name(text, w, sp, self):
            sp.reason = "part of a longer name"
            return
        if one_word and _sentence_initial(text, w, first) \
                and rd.max_pop < 1000:
            sp.reason = "sentence-initial word"

    # -- resolution ----------------------------------------------------------------------

    def _resolve(self, w: Words, spans: list[_Span], lang: str,
                 report_date: date | None) -> None:
        live = [sp for sp in spans if not sp.reason]
        focus = _focus(spans)
        weight = focus.get
        # Spans of one reading score alike: score, rank and choose once per reading.
        by_reading: dict[_Reading, list[float]] = {}
        for sp in live:
            rd = sp.rd
            scores = by_reading.get(rd)
            if scores is None:
                # the focus bonus: 1.5 x the weight of a non-country candidate's country
                # (C-level maps: p + 1.5 * weight(cc, 0.0) per candidate)
                scores = by_reading[rd] = list(map(
                    add, _priors(rd, lang, report_date),
                    map(mul, repeat(1.5), map(weight, rd.bonus, repeat(0.0)))))
                # a district named after its town ("Jabrayil", "Füzuli"): the bare name
                # means the town, so the region is ranked just below the town it contains
                for k, t in self._town_pairs(rd):
                    below = scores[t] - 0.1
                    if below < scores[k]:
                        scores[k] = below
            sp.scores = scores
        # (most names have one candidate: no sort then)
        ranks = {rd: [0] if len(scores) == 1 else sorted(
            range(len(scores)), key=scores.__getitem__, reverse=True)
            for rd, scores in by_reading.items()}
        anchors = _anchors(by_reading, ranks)
        anchor_ids = [a.id for a in anchors]
        nearest_of: dict[str, float | None] = {}
        final: dict[_Reading, tuple[int, float, int | None, int | None]] = {}
        for rd, scores in by_reading.items():
            cands = rd.cands
            for k in ranks[rd][:4]:
                cand = cands[k]
                if cand.id not in nearest_of:
                    nearest_of[cand.id] = self._nearest_anchor(cand, anchors, anchor_ids)
                scores[k] += _coherence(nearest_of[cand.id])
            best = 0 if len(scores) == 1 else scores.index(max(scores))  # first best
            chosen = cands[best]
            if chosen.id not in nearest_of:
                nearest_of[chosen.id] = self._nearest_anchor(chosen, anchors, anchor_ids)
            far = nearest_of[chosen.id]
            final[rd] = (best, 0.0 if far is None else far, *self._town_and_region(rd, best))
        populated = PlaceKind.POPULATED_PLACE
        for sp in live:
            rd = sp.rd
            best, nearest, town, region = final[rd]
            scores = sp.scores
            chosen, score = rd.cands[best], scores[best]
            if region is not None or town is not None:
                pick = region if _region_word_after(w, sp) else town
                if pick is not None:
                    chosen, score = rd.cands[pick], scores[pick]
            sp.chosen, sp.score = chosen, score
            # (a populated place is the one kind not in _STRONG_KINDS; enum hashing is slow)
            if chosen.kind is populated and chosen.source != "supplement":
                if nearest > 1500 and chosen.country not in focus:
                    sp.reason = "implausible: far from the article's other places"
                elif score < 1.0:
                    sp.reason = f"low confidence ({score:.2f})"

    def _town_pairs(self, rd: _Reading) -> tuple[tuple[int, int], ...]:
        """Each region candidate of a reading with the first sizeable same-country town
        within 250 km (``_resolve`` ranks the region just below it), cached."""
        hit = rd.pairs
        if hit is None:
            hit = rd.pairs = _town_pairs(self, rd.cands)
        return hit

    def _town_and_region(self, rd: _Reading, best: int) -> tuple[int | None, int | None]:
        """``_town_of_region`` and ``_region_of_town`` when candidate ``best`` is chosen,
        cached per reading and choice (both depend on the candidate list only)."""
        hit = rd.town_region.get(best)
        if hit is None:
            hit = rd.town_region[best] = (_town_of_region(self, rd.cands, best),
                                          _region_of_town(self, rd.cands, best))
        return hit

    def _mentions(self, text: str, w: Words, spans: list[_Span]) -> list[Mention]:
        """The Mention of each span, in span order."""
        folded, near = w.folded, lex.NEAR_WORDS
        n = len(folded)
        # spans of one reading (one shared scores list) with one chosen place: one ranking
        memo: dict[tuple[str, int], tuple[Place, tuple[Place, ...], float]] = {}
        starts, ends, place_of = w.starts, w.ends, self.place
        populated = PlaceKind.POPULATED_PLACE
        out: list[Mention] = []
        add = out.append
        for sp in spans:
            first, last, chosen = sp.first, sp.last, sp.chosen
            start, end = starts[first], ends[last - 1]
            if sp.reason or chosen is None:
                add(_mention_of(text[start:end], start, end, None, 0.0, 3, (),
                                sp.reason or "unresolved"))
                continue
            scores = sp.scores
            key = (chosen.id, id(scores))
            hit = memo.get(key)
            if hit is None:
                order = [0] if len(scores) == 1 else sorted(
                    range(len(scores)), key=scores.__getitem__, reverse=True)
                cands = sp.rd.cands
                others = []
                for k in order[:4]:
                    if cands[k].id != chosen.id:
                        others.append(place_of(cands[k].id))
                hit = memo[key] = (place_of(chosen.id), tuple(others[:3]), round(sp.score, 3))
            place, alts, score = hit
            precision = 3
            if place.kind is populated:
                # "near Tartar", "di sekitar Hadrut", "Tərtər yaxınlığında": ACLED
                # precision 2
                precision = 2 if ((first >= 1 and folded[first - 1] in near)
                                  or (first >= 2 and folded[first - 2] in near)
                                  or (last < n and folded[last] in near)) else 1
            add(_mention_of(text[start:end], start, end, place, score, precision, alts, ""))
        return out


# --- helpers --------------------------------------------------------------------------------

# Mention is a frozen dataclass: its generated __init__ sets each field through
# object.__setattr__ in a Python frame, which made building Mentions a sixth of ``find``.
# The slots' own descriptors set the same fields from C (no __post_init__ to skip); the
# field list is checked here so that a change to Mention fails at import, not later.
_MENTION_FIELDS = ("surface", "start", "end", "place", "score", "precision", "alternatives",
                   "reason")
if tuple(f.name for f in fields(Mention)) != _MENTION_FIELDS:  # pragma: no cover
    raise ImportError("gazetteer.model.Mention fields changed; update _mention_of")
(_set_surface, _set_start, _set_end, _set_place, _set_score, _set_precision,
 _set_alternatives, _set_reason) = (getattr(Mention, f).__set__ for f in _MENTION_FIELDS)
_new_object = object.__new__


def _mention_of(surface: str, start: int, end: int, place: Place | None, score: float,
                precision: int, alternatives: tuple[Place, ...], reason: str) -> Mention:
    """``Mention(...)``, the same object, built without the frozen dataclass __init__."""
    m: Mention = _new_object(Mention)
    _set_surface(m, surface)
    _set_start(m, start)
    _set_end(m, end)
    _set_place(m, place)
    _set_score(m, score)
    _set_precision(m, precision)
    _set_alternatives(m, alternatives)
    _set_reason(m, reason)
    return m


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise GazetteerError(f"find() needs text (str), got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise GazetteerError(f"text too long: {len(text):,} characters > {MAX_CHARS:,}; "
                             "split it into articles")
    sample = text[:4096]
    raw = sample.encode("utf-8", "surrogatepass")
    bad = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if "\x00" in sample or (sample and bad / len(sample) > 0.05):
        raise GazetteerError("input looks binary (control characters); expected text")


def _word_matches(automaton: ahocorasick.Automaton,
                  pad: str) -> Iterator[tuple[int, int, str]]:
    """(first word, last word, name) of each automaton match in ``pad`` (the folded words
    joined by single spaces, padded with one each side; no word holds a space). A word's
    index is the number of spaces before it, less one: counted from the previous match's
    start, so the whole walk reads each character about once."""
    pos = spaces = 0  # spaces == pad.count(" ", 0, pos)
    count_spaces = pad.count
    for end, length in automaton.iter(pad):
        start = end - length + 2  # first letter after the leading space
        if start >= pos:
            spaces += count_spaces(" ", pos, start)
        else:
            spaces -= count_spaces(" ", start, pos)
        pos = start
        name = pad[start:end]
        yield spaces - 1, spaces - 1 + name.count(" "), name


def _word_matches_by_length(automaton: ahocorasick.Automaton, pad: str,
                            keys: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """``_word_matches`` when some word holds a space: word starts from the word lengths,
    and a match that starts inside a word is no match."""
    starts = list(accumulate(map(_PLUS_ONE, map(len, keys)), initial=1))
    starts.pop()
    for end, length in automaton.iter(pad):
        start = end - length + 2
        first = bisect_right(starts, start) - 1
        if starts[first] == start:
            yield first, bisect_right(starts, end - 1) - 1, pad[start:end]


def _sentence_initial(text: str, w: Words, i: int) -> bool:
    if i == 0:
        return True
    gap_start = w.ends[i - 1] - 1
    before = text[gap_start if gap_start > 0 else 0:w.starts[i]]
    return bool(_SENTENCE_END.search(before)) or "\n" in before


def _line_starts(text: str) -> list[int]:
    """Where each line of the text starts."""
    out = [0]
    nl = text.find("\n")
    while nl >= 0:
        out.append(nl + 1)
        nl = text.find("\n", nl + 1)
    return out


def _line_matches(rx: re.Pattern[str], text: str, lines: list[int],
                  blank_lines: bool = True) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)`` for a pattern that starts with ``(?m)^``: tried only at the
    line starts ``lines`` instead of at every character (the same matches, found several
    times faster). ``blank_lines=False``: the pattern cannot start on an empty line."""
    after, size = 0, len(text)
    for line in lines:  # ascending
        if line < after:
            continue
        if line > size:
            break
        if not blank_lines and (line == size or text[line] == "\n"):
            continue
        m = rx.match(text, line)
        if m is not None:
            yield m
            after = m.end()


def _footer_ranges(text: str, lines: list[int]) -> list[tuple[int, int]]:
    """From the first footer marker in the last 40% of the text to its end.

    A marker match before the floor only matters for the lines it covers (they are not
    tried): blank lines, a lone ':' and its one marker line. So the lines are tried from
    the last other line before the floor on (a match covering it starts with its marker
    and ends where a match tried there ends): the same matches after the floor."""
    floor = int(len(text) * 0.6)
    j = bisect_left(lines, floor) - 1
    while j > 0 and text[lines[j]:lines[j + 1] if j + 1 < len(lines) else len(text)
                         ].strip() in ("", ":"):
        j -= 1
    for m in _line_matches(lex.FOOTER_MARKERS, text, lines[max(j, 0):]):
        if m.start() >= floor:
            return [(m.start(), len(text))]
    return []


def _dateline_ranges(text: str, lines: list[int]) -> list[tuple[int, int]]:
    """Spans of dateline place names ("Jakarta" in "outlet.com-Jakarta (04/10/2020)").

    Each dateline pattern needs a word character after optional blanks at a line start,
    so empty lines are not tried."""
    head = text[:2000]
    out = []
    for rx in _DATELINES:
        for m in _line_matches(rx, head, lines, blank_lines=False):
            out.append((m.start("p"), m.end("p")))
    return out


def _organisation(w: Words, sp: _Span) -> str:
    """Name of the organisation a span sits in, or ''."""
    breaks, caps, folded, texts = w.breaks, w.caps, w.folded, w.texts
    n = len(texts)
    lo = sp.first
    floor, ceiling = sp.first - _ORG_REACH, sp.last + _ORG_REACH
    floor, ceiling = floor if floor > 0 else 0, ceiling if ceiling < n else n
    while lo > floor and not breaks[lo] and (
            caps[lo - 1] or folded[lo - 1] in lex.ORG_CONNECTORS):
        lo -= 1
    hi = sp.last
    while hi < ceiling and not breaks[hi] and (
            caps[hi] or folded[hi] in lex.ORG_CONNECTORS):
        hi += 1
    while lo < sp.first and not caps[lo]:
        lo += 1
    while hi > sp.last and not caps[hi - 1]:
        hi -= 1
    words = folded[lo:hi]
    joined = f" {' '.join(words)} "
    for org in sp.rd.orgs:
        if f" {org} " in joined:
            return " ".join(texts[lo:hi])
    for k, word in enumerate(words, start=lo):
        if word not in lex.ORG_WORDS:
            continue
        if word in lex.ORG_HEAD_INITIAL and k > sp.first:
            continue  # "Armenia Kementerian ...": the organisation starts after the place
        if word in lex.ORG_HEAD_FINAL and k < sp.first:
            continue  # "... Nazirliyi Hadrut": the organisation ended before the place
        return " ".join(texts[lo:hi])
    # Russian genitive: "Министерство обороны Азербайджана" (lower-case inner words)
    if sp.rd.has_country:
        k, stop = sp.first - 1, sp.first - 3
        stop = stop if stop > 0 else 0
        while k >= stop and not breaks[k + 1]:
            if folded[k] in lex.ORG_HEAD_INITIAL:
                return " ".join(texts[k:sp.last])
            k -= 1
    # an organisation word right after: "Minsk Group", "Minsk grubu"
    if sp.last < n and not breaks[sp.last] and folded[sp.last] in _ORG_TAIL_WORDS:
        return " ".join(texts[sp.first:sp.last + 1])
    return ""


_ORG_TAIL_WORDS = lex.ORG_WORDS - lex.ORG_HEAD_INITIAL
# Every word _organisation looks for: a span with none of them within _ORG_REACH words
# (and no known organisation name containing it) is in no organisation.
_ORG_ANY = lex.ORG_WORDS | lex.ORG_HEAD_INITIAL
_SPAN_ORDER = attrgetter("start", "end")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_PLUS_ONE = (1).__add__


@lru_cache(maxsize=50_000)
def _orgs_naming(norm: str) -> tuple[str, ...]:
    """The known organisation names that contain ``norm`` (few, fixed: cached per name)."""
    return tuple(org for org in lex.ORG_NAMES if norm in org)


def _titled_person(w: Words, sp: _Span) -> bool:
    """A title, then a place's name, then another capitalised word: a first name and a
    surname ("President Vladimir Putin"), however big the town. A country after a title is
    whose official it is ("Presiden Azerbaijan Ilham Aliyev")."""
    first, last = sp.first, sp.last
    return (first > 0 and not w.breaks[first] and w.folded[first - 1] in lex.TITLES
            and last < len(w.texts) and not w.breaks[last] and w.caps[last]
            and not any(c.kind is PlaceKind.COUNTRY for c in sp.rd.cands))


def _in_longer_name(text: str, w: Words, sp: _Span, gz: Gazetteer) -> bool:
    """A capitalised unknown word glued to the span: a person ("Shushan Stepanyan").

    A sentence-initial neighbour says nothing: every sentence starts with a capital."""
    breaks = w.breaks
    n = len(breaks)
    neighbours = []
    if sp.first > 0 and not breaks[sp.first]:
        neighbours.append(sp.first - 1)
    if sp.last < n and not breaks[sp.last]:
        neighbours.append(sp.last)
    for k in neighbours:
        folded = w.folded[k]
        if folded in lex.TITLES:
            return True
        if k < sp.first and _sentence_initial(text, w, k):
            continue
        if w.texts[k][0].isupper() and folded not in lex.STOP_NAMES \
                and folded not in lex.SETTLEMENT_NOUNS and not gz._known(folded):
            return True
    return False


def _priors(rd: _Reading, lang: str, report_date: date | None) -> tuple[float, ...]:
    """Article-independent scores of a reading's candidates, cached on the reading: names
    recur across articles and the candidate list of a reading is fixed by the index."""
    key = (lang, report_date)
    hit = rd.priors.get(key)
    if hit is None:
        if len(rd.priors) > 64:
            rd.priors.clear()
        hit = rd.priors[key] = tuple(_prior(c, rd.inflected, lang, report_date)
                                     for c in rd.cands)
    return hit


def _prior(c: _Cand, inflected: bool, lang: str, report_date: date | None) -> float:
    score = _KIND_PRIOR.get(c.kind, 0.0) or 0.35 * math.log10(c.population + 10)
    if c.source == "supplement":
        score += 0.8
    if inflected or c.inflected:
        score -= 0.3
    if lang and c.language and c.language.split("-")[0] == lang:
        score += 0.2
    if report_date is not None:
        if c.valid_from and date.fromisoformat(c.valid_from) > report_date:
            score -= 1.5
        if c.valid_to and date.fromisoformat(c.valid_to) < report_date:
            score -= 0.3
    return score


def _region_of_town(gz: Gazetteer, cands: list[_Cand], best: int) -> int | None:
    """Index of the same-named region when the text says "district", "rayonu" ..."""
    chosen = cands[best]
    if chosen.kind is not PlaceKind.POPULATED_PLACE:
        return None
    for k, c in enumerate(cands):
        if c.kind is PlaceKind.ADMIN_REGION and c.country == chosen.country \
                and gz._km(c, chosen) < 250:
            return k
    return None


def _region_word_after(w: Words, sp: _Span) -> bool:
    """ "Tartar district", "Харьковская область", "Tərtər rayonu": the region is meant."""
    return sp.last < len(w.texts) and (
        w.folded[sp.last] in lex.REGION_WORDS
        or stem_token(w.texts[sp.last]) in lex.REGION_WORDS
        or (sp.first > 0 and w.folded[sp.first - 1] in lex.REGION_WORDS))


# A Russian region word (folded, any case) → the nominative ending of its adjective + itself.
_REGION_NOMINATIVE = (("raion", "skii raion"), ("oblast", "skaia oblast"), ("kra", "skii krai"))
# Folded endings of a Russian "-ский" adjective in every case and number.
_SK_ADJECTIVE = ("skii", "skogo", "skomu", "skim", "skom", "skaia", "skoi", "skuiu", "skie",
                 "skix", "skimi", "skoe")


def _rich_inflection(token: str) -> bool:
    """Cyrillic and Armenian words take case endings that can look like another name."""
    code = ord(token[0])
    return 0x0400 <= code <= 0x058F


def _town_pairs(gz: Gazetteer, cands: list[_Cand]) -> tuple[tuple[int, int], ...]:
    """Each region candidate with the first sizeable same-country town within 250 km."""
    towns = [(k, c) for k, c in enumerate(cands)
             if c.kind is PlaceKind.POPULATED_PLACE and c.population >= 1000]
    pairs = []
    for k, c in enumerate(cands):
        if c.kind is not PlaceKind.ADMIN_REGION:
            continue
        for t, town in towns:
            if town.country == c.country and gz._km(c, town) < 250:
                pairs.append((k, t))
                break
    return tuple(pairs)


def _town_of_region(gz: Gazetteer, cands: list[_Cand], best: int) -> int | None:
    """Index of a same-named town when the chosen place is a region named after it."""
    chosen = cands[best]
    if chosen.kind is not PlaceKind.ADMIN_REGION:
        return None
    for k, c in enumerate(cands):
        if c.kind is PlaceKind.POPULATED_PLACE and c.population >= 1000 \
                and c.country == chosen.country and gz._km(c, chosen) < 250:
            return k
    return None


def _focus(spans: list[_Span]) -> dict[str, float]:
    """Country weights from country-level spans (organisation names count half)."""
    votes: defaultdict[str, float] = defaultdict(float)
    for sp in spans:
        weight = 1.0
        if sp.reason:
            if sp.reason.startswith(("dateline", "footer", "common", "abbreviation")):
                continue
            weight = 0.5
        country, sole = sp.rd.votes
        if country:
            votes[country] += weight
        elif not sp.reason and sole:
            votes[sole] += 0.5 * weight
    if not votes:
        return {}
    top = max(votes.values())
    return {cc: v / top for cc, v in votes.items()}


def _coherence(d: float | None) -> float:
    """Score for the distance to the nearest anchor (None: no other anchor)."""
    if d is None:
        return 0.0
    if d < 50:
        return 1.5
    if d < 150:
        return 1.0
    if d < 500:
        return 0.4
    if d > 2500:
        return -1.0
    return 0.0


MAX_ANCHORS = 8


def _anchors(by_reading: dict[_Reading, list[float]],
             ranks: dict[_Reading, list[int]]) -> list[_Cand]:
    """Places confident enough to steer the others: a reading's clear winner that is not a
    country (``ranks``: each reading's candidate indices, best score first).

    At most ``MAX_ANCHORS`` distinct places, the clearest first: more add distance
    computations but rarely change a decision."""
    ranked: list[tuple[float, _Cand]] = []
    seen: set[str] = set()
    for rd, scores in by_reading.items():
        order = ranks[rd]
        first, single = order[0], len(order) == 1
        margin = scores[first] - (0.0 if single else scores[order[1]])
        best = rd.cands[first]
        if best.kind is not PlaceKind.COUNTRY and (margin > 1.0 or single) \
                and best.id not in seen:
            seen.add(best.id)
            ranked.append((10.0 if single else margin, best))
    ranked.sort(key=lambda x: -x[0])
    return [c for _, c in ranked[:MAX_ANCHORS]]


def _precision(place: Place) -> int:
    return 1 if place.kind is PlaceKind.POPULATED_PLACE else 3


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            prev = out[-1]
            if (m.resolved and not prev.resolved) or (m.end - m.start > prev.end - prev.start
                                                      and m.resolved == prev.resolved):
                out[-1] = m
            continue
        out.append(m)
    return out


# --- rename cues ---------------------------------------------------------------------------

@lru_cache(maxsize=50_000)
def _similar(a: str, b: str) -> float:
    """Max of edit-distance ratio and shared-prefix ratio (mistranslations keep the stem)."""
    if not a or not b:
        return 0.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    lev = 1 - prev[-1] / max(len(a), len(b))
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    prefix = k / min(len(a), len(b)) if k >= 4 else 0.0
    return max(lev, prefix)


def _sentence_bounds(text: str, pos: int, reach: int = 2000) -> tuple[int, int]:
    """The sentence around ``pos`` (looking at most ``reach`` characters each way, so a
    text without full stops stays linear)."""
    floor, ceiling = pos - reach, pos + reach
    floor, ceiling = floor if floor > 0 else 0, ceiling if ceiling < len(text) else len(text)
    # (comparisons, not min/max: those builtins are slow calls on this path)
    lo = text.rfind(". ", floor, pos)
    nl = text.rfind("\n", floor, pos)
    lo = nl if nl > lo else lo
    lo = (lo if lo > floor - 1 else floor - 1) + 1
    stop, nl = text.find(". ", pos, ceiling), text.find("\n", pos, ceiling)
    if stop < 0 or 0 <= nl < stop:
        stop = nl
    return lo, stop + 1 if stop >= 0 else ceiling


def _rename_links(gz: Gazetteer, text: str, w: Words, spans: list[_Span]) -> list[Mention]:
    """Link an unknown or implausible name to the place a rename cue names.

    "kota Madagaskar ... namanya akan diubah kembali ke aslinya Sugovushan": the place
    named next to the cue has a renaming history (dated or historic names); a capitalised
    span in the same sentence whose spelling is close to one of that place's names, or that
    follows a settlement noun, is that place too.
    """
    lowered = text.lower()
    cues = _cue_hits(lowered)
    if not cues:
        return []
    extra: list[Mention] = []
    starts, ends, texts, folded = w.starts, w.ends, w.texts, w.folded
    span_starts = [starts[sp.first] for sp in spans]  # spans are in text order
    done: set[tuple[int, int]] = set()
    for cue_end, cue_len in cues:
        cue_start = cue_end - cue_len + 1
        if cue_start > 0 and lowered[cue_start - 1].isalnum():
            continue
        lo, hi = _sentence_bounds(text, cue_start)
        if (lo, hi) in done:
            continue
        done.add((lo, hi))
        in_sentence = spans[bisect_left(span_starts, lo):bisect_left(span_starts, hi)]
        renamed = [sp for sp in in_sentence if sp.chosen is not None and not sp.reason
                   and gz.renamed(sp.chosen.id)]
        if not renamed:
            continue
        target_span = min(renamed, key=lambda sp: abs(starts[sp.first] - cue_start))
        assert target_span.chosen is not None
        target = gz.place(target_span.chosen.id)
        target_norms = gz._folded_names(target)
        target_cand = target_span.chosen
        taken = {(starts[sp.first], ends[sp.last - 1]) for sp in in_sentence
                 if sp is not target_span and sp.chosen is not None and not sp.reason
                 and gz._km(sp.chosen, target_cand) < 300}
        best: tuple[float, int] | None = None
        taken_starts = {t[0] for t in taken}
        first_tok = bisect_left(starts, lo)
        last_tok = bisect_left(starts, hi)
        for i in range(first_tok, last_tok):
            if starts[i] in taken_starts:
                continue
            if target_span.first <= i < target_span.last or not texts[i][0].isupper():
                continue
            word = folded[i]
            if word in lex.STOP_NAMES:
                continue
            sim = _closest(target_norms, word)
            after_noun = i > 0 and folded[i - 1] in lex.SETTLEMENT_NOUNS
            after_noun = after_noun or (i > 1 and folded[i - 2] in lex.SETTLEMENT_NOUNS)
            score = sim + (0.25 if after_noun else 0.0)
            if score >= 0.6 and (best is None or score > best[0]):
                best = (score, i)
        if best is None:
            continue
        i = best[1]
        # replace any span (resolved elsewhere or rejected) that covers this word
        for sp in spans:
            if sp.first <= i < sp.last:
                sp.reason = sp.reason or "superseded by rename cue"
                sp.chosen = None
        extra.append(Mention(texts[i], starts[i], ends[i], target, round(best[0] * 3, 3),
                             _precision(target), (),
                             f"rename cue: {text[cue_start:cue_end + 1]!r}"))
    return extra


@lru_cache(maxsize=50_000)
def _closest(names: frozenset[str], folded: str) -> float:
    """The best ``_similar`` score of a word against names of about its length."""
    return max((_similar(folded, t) for t in names
                if abs(len(t) - len(folded)) <= max(4, len(t) // 2)), default=0.0)


def _cue_hits(lowered: str) -> list[tuple[int, int]]:
    """(end index, length) of every rename cue in the lower-cased text, by end position
    (overlaps included, as an Aho-Corasick pass reports them): fast ``str.find`` scans
    cost less than walking an automaton over every character, and the cues that share a
    piece absent from the text are not searched at all."""
    hits = []
    for piece, cues in lex.RENAME_CUE_GROUPS:
        if piece not in lowered:
            continue
        for cue in cues:
            at = lowered.find(cue)
            while at >= 0:
                hits.append((at + len(cue) - 1, len(cue)))
                at = lowered.find(cue, at + 1)
    hits.sort()
    return hits


def _has_rename_history(place: Place) -> bool:
    return any(n.is_historic or n.valid_from or n.valid_to for n in place.names)


# --- borders -------------------------------------------------------------------------------

def _border_mentions(gz: Gazetteer, text: str, w: Words, spans: list[_Span]) -> list[Mention]:
    """"the Iran border", "perbatasan ... Iran": a border word plus a country named near it
    (or the article's two main countries) becomes the border line between them."""
    border_words = list(compress(count(), cached_map(_is_border_word, _BORDER_WORD, w.texts,
                                                     200_000)))
    if not border_words:
        return []
    countries: list[tuple[int, str]] = []  # (word index, iso2)
    votes: dict[str, int] = {}
    for sp in spans:
        chosen = sp.chosen
        if chosen is None or sp.reason or not chosen.country:
            continue
        votes[chosen.country] = votes.get(chosen.country, 0) + 1
        if chosen.kind is PlaceKind.COUNTRY:
            countries.append((sp.first, chosen.country))
    if not votes:
        return []
    # most voted first, ties in order of first mention (as Counter.most_common)
    focus = sorted(votes, key=votes.__getitem__, reverse=True)
    country_starts = [w.starts[k] for k, _ in countries]  # in text order
    borders = _border_places(gz)
    out: list[Mention] = []
    for i in border_words:
        lo, hi = _sentence_bounds(text, w.starts[i])
        window = countries[bisect_left(country_starts, lo):bisect_left(country_starts, hi)]
        near = sorted(((abs(k - i), cc) for k, cc in window), key=lambda x: x[0])
        main = focus[:2]
        pairs: list[tuple[str, str]] = []
        for dist, cc in near[:4]:
            if dist <= 4:  # "the Iran border", "perbatasan dengan Iran", "Iran di ... perbatasan"
                pairs += [(cc, other) for other in main if other != cc]
        sentence_ccs = list(dict.fromkeys(cc for _, cc in near))
        pairs += [(a, b) for a in sentence_ccs for b in sentence_ccs if a != b and a in main]
        if len(main) == 2:
            pairs.append((main[0], main[1]))
        for a, b in pairs:
            place = borders.get(frozenset((a, b)))
            if place is not None:
                basis = "country named nearby" if near else "the article's main countries"
                out.append(Mention(w.texts[i], w.starts[i], w.ends[i], place, 2.0, 3, (),
                                   f"border word + {basis}"))
                break
    return out


_BORDER_WORD: dict[str, bool] = {}  # per distinct word


def _is_border_word(token: str) -> bool:
    return fold_token(token) in lex.BORDER_WORDS or stem_token(token) in lex.BORDER_WORDS


def _border_places(gz: Gazetteer) -> dict[frozenset[str], Place]:
    if gz._borders is not None:
        return gz._borders
    iso3_to_2 = {r[1][5:]: r[0] for r in gz._con.execute(
        "SELECT country, geometry_ref FROM places WHERE kind = 'country' AND "
        "geometry_ref LIKE 'adm0:%'") if r[0]}
    out: dict[frozenset[str], Place] = {}
    for (pid, gref) in gz._con.execute(
            "SELECT id, geometry_ref FROM places WHERE kind = 'border' "
            "AND geometry_ref LIKE 'line:%-%'"):
        a3, b3 = str(gref)[5:].split("-", 1)
        if a3 in iso3_to_2 and b3 in iso3_to_2:
            out[frozenset((iso3_to_2[a3], iso3_to_2[b3]))] = gz.place(pid)
    gz._borders = out
    return out



# --- online fallback -----------------------------------------------------------------------

def _online_mentions(gz: Gazetteer, geocoder: OnlineGeocoder, w: Words,
                     spans: list[_Span]) -> list[Mention]:
    """Ask the opt-in geocoder about unknown capitalised names the text calls a settlement
    ("the village of Xyz", "desa Xyz", "село Xyz", "Xyz kəndi")."""
    covered = {k for sp in spans for k in range(sp.first, sp.last)}
    votes = Counter(sp.chosen.country for sp in spans
                    if sp.chosen is not None and not sp.reason and sp.chosen.country)
    countries = [cc for cc, _ in votes.most_common(2)]
    folded, texts = w.folded, w.texts
    out: list[Mention] = []
    for i, word in enumerate(texts):
        key = folded[i]
        if i in covered or not word[0].isupper() or key in lex.STOP_NAMES \
                or gz._known(key) or len(key) < 3:
            continue
        before = folded[max(0, i - 2):i]
        after = folded[i + 1] if i + 1 < len(folded) else ""
        if not (any(b in lex.SETTLEMENT_NOUNS for b in before)
                or after in lex.SETTLEMENT_NOUNS):
            continue
        start, end = w.starts[i], w.ends[i]
        try:
            place = geocoder.lookup(word, countries)
        except GazetteerError as exc:
            out.append(Mention(word, start, end, None, 0.0, 3, (), str(exc)))
            continue
        if place is not None:
            out.append(Mention(word, start, end, place, 1.0, 1, (),
                               f"online geocoder ({geocoder.url})"))
    return out
