"""Importers for curated datasets (ACLED exports, UCDP GED CSV) so they overlay extracted events.

Column layouts and precision codes, as documented publicly:
- ACLED: column list and codes from the ACLED codebook as published in the acledR package
  (https://dtacled.r-universe.dev/acledR/data/acled_codebook/ndjson,
  https://dtacled.github.io/acledR/reference/acled_old_dummy.html); geo_precision 1..3 from
  exact place to larger region (https://rdrr.io/cran/mapme.biodiversity/man/fatalities_acled.html);
  time_precision 1 = actual date, 2 = week, 3 = month.
- UCDP GED: the 49-column layout (id, relid, year, …, best, high, low, gwnoa, gwnob);
  where_prec 1..5 sub-national, 6 country, 7 beyond (http://prio-data.github.io/priogrid/reference/gen_ucdp_ged.html);
  date_prec 1 (exact day) .. 5 (more than a month) is our own Event.date_precision scale.

A file is imported all-or-nothing: it becomes one ledger entry (keyed by the file's sha256)
and its events are saved in that entry's transaction; re-importing the same file is a no-op.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from mapapp.errors import ArticleError
from mapapp.schema import Article, Event
from mapapp.store import SaveResult, Store

ACLED_REQUIRED: tuple[str, ...] = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
)
UCDP_REQUIRED: tuple[str, ...] = (
    "id", "type_of_violence", "side_a", "side_b", "source_office", "source_headline",
    "where_prec", "where_coordinates", "where_description", "adm_1", "latitude", "longitude",
    "country", "date_prec", "date_start", "date_end", "best", "high", "low",
)

_ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d/%m/%Y")
_UCDP_VIOLENCE = {1: ("Battles", "Armed clash"), 2: ("Battles", "Armed clash"),
                  3: ("Violence against civilians", "Attack")}
# ACLED time_precision (1 day, 2 week, 3 month) -> UCDP-style date_precision
_ACLED_TIME_TO_DATE_PREC = {1: 1, 2: 3, 3: 4}
# ACLED geo_precision (1 place, 2 near/district, 3 region) -> UCDP-style where_prec
_ACLED_GEO_TO_WHERE = {1: 1, 2: 3, 3: 4}


def ucdp_geo_precision(where_prec: int) -> int:
    """UCDP where_prec 1..7 on ACLED's 1..3 scale: place, near a place/district, region."""
    return 1 if where_prec <= 1 else 2 if where_prec <= 3 else 3


class _RowError(ValueError):
    pass


def _read_table(path: Path, required: Sequence[str], kind: str
                ) -> tuple[bytes, list[dict[str, str]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{path}: binary file, not a {kind} CSV export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{path}: not UTF-8 text (byte {exc.start}); "
                           f"expected a {kind} CSV export") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        shown = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
        raise ArticleError(f"{path}: not in the {kind} CSV layout: missing column(s) {shown}")
    reader.fieldnames = header
    return data, [{k: (v or "").strip() for k, v in row.items() if k is not None}
                  for row in reader]


def _int(row: dict[str, str], name: str, *, default: int | None = None) -> int | None:
    value = row.get(name, "")
    if value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise _RowError(f"{name} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise _RowError(f"{name} is not a finite number: {value!r}")
    return int(number)


def _coord(row: dict[str, str], name: str, limit: float) -> float:
    try:
        value = float(row[name])
    except ValueError:
        raise _RowError(f"{name} is not a number: {row[name]!r}") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise _RowError(f"{name} {row[name]!r} is out of range")
    return value


def _date(value: str, formats: Sequence[str], name: str) -> str:
    text = value.strip()
    for fmt in formats:
        for candidate in (text, text[:10]):  # GED writes "2020-10-04 00:00:00.000"
            try:
                return datetime.strptime(candidate, fmt).date().isoformat()
            except ValueError:
                continue
    raise _RowError(f"{name} is not a date: {value!r}")


def _acled_event(row: dict[str, str], article: Article) -> Event:
    lat, lon = _coord(row, "latitude", 90), _coord(row, "longitude", 180)
    geo = _int(row, "geo_precision", default=3) or 3
    time_prec = _int(row, "time_precision", default=1) or 1
    actors = [row.get(c, "") for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")]
    parties = list(dict.fromkeys(p.strip() for a in actors for p in a.split(";") if p.strip()))
    fatalities = _int(row, "fatalities")
    return Event(
        event_id=f"acled:{row['event_id_cnty']}", article_id=article.article_id,
        source="ACLED", url="", language="en",
        event_date=_date(row["event_date"], _ACLED_DATE_FORMATS, "event_date"),
        event_date_end="", date_precision=_ACLED_TIME_TO_DATE_PREC.get(time_prec, 4),
        report_date="", date_basis="explicit", event_type=row["event_type"],
        sub_event_type=row["sub_event_type"], summary=row["notes"], actor1=row["actor1"],
        actor2=row["actor2"], parties=parties, claimed_by="", fatalities=fatalities,
        fatalities_low=None, fatalities_high=None, fatality_claims=[],
        place_name=row["location"], place_names=row["location"], place_id="",
        geometry={"type": "Point", "coordinates": [lon, lat]}, geo_precision=min(max(geo, 1), 3),
        where_prec=_ACLED_GEO_TO_WHERE.get(geo, 4), country=row["country"],
        admin1=row["admin1"], disputed_area="", sentence="", char_start=0, char_end=0,
        confidence=1.0, title=article.title,
        sources=[s.strip() for s in row["source"].split(";") if s.strip()],
    )


def _ucdp_event(row: dict[str, str], article: Article) -> Event:
    lat, lon = _coord(row, "latitude", 90), _coord(row, "longitude", 180)
    where_prec = min(max(_int(row, "where_prec", default=7) or 7, 1), 7)
    violence = _int(row, "type_of_violence", default=1) or 1
    if violence not in _UCDP_VIOLENCE:
        raise _RowError(f"type_of_violence must be 1, 2 or 3, not {violence}")
    etype, sub = _UCDP_VIOLENCE[violence]
    start = _date(row["date_start"], ("%Y-%m-%d",), "date_start")
    end = _date(row["date_end"], ("%Y-%m-%d",), "date_end") if row["date_end"] else ""
    parties = [p for p in (row["side_a"], row["side_b"]) if p]
    return Event(
        event_id=f"ucdp:{row['id']}", article_id=article.article_id, source="UCDP GED",
        url="", language="en", event_date=start, event_date_end="" if end == start else end,
        date_precision=min(max(_int(row, "date_prec", default=5) or 5, 1), 5), report_date="",
        date_basis="explicit", event_type=etype, sub_event_type=sub,
        summary=row.get("source_headline", ""), actor1=row["side_a"], actor2=row["side_b"],
        parties=parties, claimed_by="", fatalities=_int(row, "best"),
        fatalities_low=_int(row, "low"), fatalities_high=_int(row, "high"), fatality_claims=[],
        place_name=row["where_coordinates"], place_names=row["where_description"],
        place_id="", geometry={"type": "Point", "coordinates": [lon, lat]},
        geo_precision=ucdp_geo_precision(where_prec), where_prec=where_prec,
        country=row["country"], admin1=row["adm_1"], disputed_area="", sentence="",
        char_start=0, char_end=0, confidence=1.0, title=article.title,
        sources=[s.strip() for s in row["source_office"].split(";") if s.strip()],
    )


def _import(path: str | Path, store: Store, *, kind: str, required: Sequence[str],
            build: Callable[[dict[str, str], Article], Event]) -> tuple[SaveResult, int]:
    path = Path(path)
    data, rows = _read_table(path, required, kind)
    article = Article(article_id=f"{kind.lower().split()[0]}:{hashlib.sha256(data).hexdigest()}",
                      text="", title=f"{kind} import {path.name}",
                      report_date=date.today().isoformat(), language="en", source=kind,
                      url="", path=str(path))
    events: list[Event] = []
    for line, row in enumerate(rows, start=2):
        try:
            events.append(build(row, article))
        except (_RowError, KeyError) as exc:
            raise ArticleError(f"{path}: line {line}: {exc}") from None
    return store.save_article(article, events), len(events)


def import_acled(path: str | Path, store: Store) -> tuple[SaveResult, int]:
    """Import an ACLED CSV export; returns what the save changed and the rows read."""
    return _import(path, store, kind="ACLED", required=ACLED_REQUIRED, build=_acled_event)


def import_ucdp(path: str | Path, store: Store) -> tuple[SaveResult, int]:
    """Import a UCDP GED CSV; returns what the save changed and the rows read."""
    return _import(path, store, kind="UCDP GED", required=UCDP_REQUIRED, build=_ucdp_event)


__all__ = ["import_acled", "import_ucdp", "ucdp_geo_precision"]
