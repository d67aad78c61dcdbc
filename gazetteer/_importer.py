"""Import GeoNames dumps (``allCountries.zip``, ``XX.zip``, ``alternateNamesV2.zip``).

The main table adds village-level places; alternateNamesV2 adds names with language and
the historic flag and from/to dates that the bundled cities500 lacks. Imported rows carry
``source='import'``: they replace default rows with the same id and survive rebuilds.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from gazetteer._index import (
    automaton_path,
    build_automaton,
    build_hashes,
    connect,
    hashes_path,
)
from gazetteer._normalise import normalise
from gazetteer.errors import GazetteerError
from gazetteer.model import PlaceKind

MAIN_COLUMNS = 19
ALT_COLUMNS = 10
# isolanguage values that are not languages: links, postcodes, airport codes, ids.
PSEUDO_LANGUAGES = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "fr_1793",
                              "tcid", "unlc", "phon", "piny"})
_KINDS = {"P": PlaceKind.POPULATED_PLACE, "A": PlaceKind.ADMIN_REGION, "H": PlaceKind.RIVER,
          "T": PlaceKind.MOUNTAIN, "L": PlaceKind.AREA}
_RIVER_CODES = frozenset({"STM", "STMI", "STMS", "STMX", "CNL", "WAD"})
_MOUNTAIN_CODES = frozenset({"MT", "MTS", "PK", "PKS", "HLL", "HLLS", "RDGE", "PASS"})
_ADMIN_CODES = frozenset({"ADM1", "ADM2", "ADM3", "ADMD", "ADM1H", "ADM2H"})
_COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
_AREA_CODES = frozenset({"AREA", "RGN", "RGNE", "ZN", "ZNB", "PRSH", "OAS", "PLN", "VAL"})


def _kind(feature_class: str, code: str) -> PlaceKind | None:
    """Which GeoNames features become places (hotels, wells and farms do not)."""
    if feature_class == "P":
        return PlaceKind.POPULATED_PLACE
    if feature_class == "A":
        if code in _COUNTRY_CODES:
            return PlaceKind.COUNTRY
        return PlaceKind.ADMIN_REGION if code in _ADMIN_CODES else None
    if feature_class == "H":
        return PlaceKind.RIVER if code in _RIVER_CODES else None
    if feature_class == "T":
        return PlaceKind.MOUNTAIN if code in _MOUNTAIN_CODES else None
    if feature_class == "L":
        return PlaceKind.AREA if code in _AREA_CODES else None
    return None


def _member(zf: zipfile.ZipFile, path: Path) -> str:
    """The data file of a dump zip: ``XX.txt`` for ``XX.zip``, never ``readme.txt``."""
    names = [n for n in zf.namelist() if n.endswith(".txt") and
             not Path(n).name.lower().startswith(("readme", "iso-languagecodes"))]
    preferred = [n for n in names if Path(n).stem == path.stem]
    if preferred:
        return preferred[0]
    if len(names) == 1:
        return names[0]
    raise GazetteerError(f"{path}: cannot tell which member is the data file ({names})")


def _rows(path: Path, columns: int) -> Iterator[list[str]]:
    """Tab-separated rows of a dump (zip or plain .txt), checked for the column count."""
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf, zf.open(_member(zf, path)) as raw:
            yield from _read(io.TextIOWrapper(raw, encoding="utf-8", newline=""), path, columns)
    else:
        with open(path, encoding="utf-8", newline="") as f:
            yield from _read(f, path, columns)


def _read(f: io.TextIOBase, path: Path, columns: int) -> Iterator[list[str]]:
    # No quoting in GeoNames dumps; every field is kept as a string, so the country code
    # "NA" (Namibia) is never turned into a missing value.
    reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        for n, row in enumerate(reader, start=1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != columns:
                raise GazetteerError(f"{path} line {n}: {len(row)} columns, expected {columns}")
            yield row
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: not UTF-8 ({exc})") from None


def _date(text: str) -> str | None:
    """GeoNames from/to values are years or ISO dates; keep a full ISO date or None."""
    text = text.strip()
    if not text:
        return None
    try:
        if len(text) == 4 and text.isdigit():
            return f"{text}-01-01"
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def import_geonames(index: str | Path, *dumps: str | Path) -> dict[str, int]:
    """Upsert GeoNames dump files into a built index and recompile its spotting tables.

    Main-table files (19 columns) and alternateNamesV2 files (10 columns) may be given in
    any order; main tables are applied first so alternate names find their places.
    """
    target = Path(index)
    if not target.exists():
        raise GazetteerError(f"{target}: build the index first (`conflictmap gazetteer build`)")
    mains = [Path(d) for d in dumps if "alternatename" not in Path(d).name.lower()]
    alts = [Path(d) for d in dumps if "alternatename" in Path(d).name.lower()]
    counts = {"places": 0, "names": 0, "skipped_features": 0, "pseudo_names": 0}
    try:
        con = connect(target)
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"{target}: not a gazetteer index ({exc})") from None
    try:
        with con:
            for path in mains:
                _import_main(con, path, counts)
            for path in alts:
                _import_alternates(con, path, counts)
        build_automaton(con, automaton_path(target))
        build_hashes(con, hashes_path(target))
    finally:
        con.close()
    return counts


def _import_main(con: sqlite3.Connection, path: Path, counts: dict[str, int]) -> None:
    for row in _rows(path, MAIN_COLUMNS):
        kind = _kind(row[6], row[7])
        if kind is None:
            counts["skipped_features"] += 1
            continue
        try:
            lat, lon = float(row[4]), float(row[5])
            population = int(row[14] or 0)
        except ValueError as exc:
            raise GazetteerError(f"{path}: geonameid {row[0]}: {exc}") from None
        pid = f"gn:{row[0]}"
        con.execute("DELETE FROM names WHERE place_id = ? AND source != 'import-alt'", (pid,))
        con.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (pid, row[1], kind.value, lat, lon, row[8], row[10], population, None,
                     "import"))
        names = {row[1], row[2], *(n for n in row[3].split(",") if n)}
        con.executemany("INSERT INTO names VALUES (?,?,?,?,?,?,?,?)",
                        [(pid, n, normalise(n), "", 0, None, None, "import")
                         for n in names if normalise(n)])
        counts["places"] += 1


def _import_alternates(con: sqlite3.Connection, path: Path, counts: dict[str, int]) -> None:
    known: set[str] = set()
    batch: list[tuple[object, ...]] = []
    for row in _rows(path, ALT_COLUMNS):
        _alt_id, geonameid, lang, name, _pref, _short, _colloquial, historic, start, end = row
        if lang in PSEUDO_LANGUAGES:
            counts["pseudo_names"] += 1
            continue
        pid = f"gn:{geonameid}"
        if pid not in known:
            if con.execute("SELECT 1 FROM places WHERE id = ?", (pid,)).fetchone() is None:
                continue
            known.add(pid)
        norm = normalise(name)
        if not norm:
            continue
        con.execute("DELETE FROM names WHERE place_id = ? AND name = ? AND language = ''",
                    (pid, name))
        batch.append((pid, name, norm, lang, 1 if historic == "1" else 0, _date(start),
                      _date(end), "import-alt"))
        counts["names"] += 1
    con.executemany("INSERT INTO names VALUES (?,?,?,?,?,?,?,?)", batch)
