"""Joins of the issue's "must show" places and of every kind of bad input."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopy.distance import geodesic

import geodata
from geodata import GeodataError
from tests.geodata._places import AGHDAM, HADRUT, JOLFA_IRAN, STEPANAKERT, SUGOVUSHAN


def _points(**places: tuple[float, float]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"place": list(places)},
        geometry=[shapely.Point(lon, lat) for lat, lon in places.values()],
        crs="EPSG:4326",
    ).set_index("place")


@pytest.fixture(scope="module")
def must_show() -> pd.DataFrame:
    joined = geodata.join(_points(sugovushan=SUGOVUSHAN, hadrut=HADRUT, aghdam=AGHDAM,
                                  stepanakert=STEPANAKERT))
    return joined.drop(columns="geometry")


def test_sugovushan_is_terter_inside_former_nkao(must_show: pd.DataFrame) -> None:
    row = must_show.loc["sugovushan"]
    assert (row.country, row.iso2, row.admin1, row.admin1_code) == (
        "Azerbaijan", "AZ", "Tərtər", "AZ-TAR")
    assert row.admin1_id == "adm1:AZE-1738"
    assert row.disputed_area == "Former NKAO"
    assert row.join_status == "ok"


def test_hadrut_is_xocavend_inside(must_show: pd.DataFrame) -> None:
    row = must_show.loc["hadrut"]
    assert (row.country, row.admin1, row.admin1_code) == ("Azerbaijan", "Xocavənd", "AZ-XVD")
    assert row.disputed_area == "Former NKAO"


def test_aghdam_city_is_agdam_outside(must_show: pd.DataFrame) -> None:
    row = must_show.loc["aghdam"]
    assert (row.country, row.admin1, row.admin1_code) == ("Azerbaijan", "Ağdam", "AZ-AGM")
    assert row.disputed_area == ""


def test_stepanakert_is_the_az_xa_unit_inside(must_show: pd.DataFrame) -> None:
    row = must_show.loc["stepanakert"]
    assert (row.admin1_code, row.admin1_id) == ("AZ-XA", "adm1:AZE-4838")
    assert row.disputed_area == "Former NKAO"


def _two_km_south_of_the_aras() -> tuple[float, float]:
    """Nearest point of the Azerbaijan–Iran border (the Aras here) to Jolfa, then 2 km due
    south of it."""
    lat, lon = JOLFA_IRAN
    border = geodata.feature("line:AZE-IRN")
    on_river = shapely.ops.nearest_points(border, shapely.Point(lon, lat))[0]
    dest = geodesic(kilometers=2.0).destination((on_river.y, on_river.x), bearing=180)
    return dest.latitude, dest.longitude


def test_point_2km_south_of_the_aras_is_iran_2km_from_the_border() -> None:
    lat, lon = _two_km_south_of_the_aras()
    row = geodata.join(_points(iran=(lat, lon))).iloc[0]
    assert (row.country, row.iso2) == ("Iran", "IR")
    assert row.admin1_code.startswith("IR-")
    km = geodata.distance_to_line_km(lat, lon, "line:AZE-IRN")
    assert 1.5 <= km <= 2.0 + 1e-6  # the river bends, so at most 2 km, not much less


def test_distance_matches_brute_force_over_the_line_vertices() -> None:
    lat, lon = JOLFA_IRAN
    line = shapely.segmentize(geodata.feature("line:AZE-IRN"), 0.001)
    brute = min(geodesic((lat, lon), (y, x)).km for x, y in shapely.get_coordinates(line))
    km = geodata.distance_to_line_km(lat, lon, "line:AZE-IRN")
    assert km == pytest.approx(brute, abs=0.05)
    assert km < 3.0  # Jolfa lies on the river bank


def test_distance_is_zero_on_the_line_and_grows_away_from_it() -> None:
    x, y = shapely.get_coordinates(geodata.feature("line:ARM-AZE"))[10]
    assert geodata.distance_to_line_km(y, x, "line:ARM-AZE") == pytest.approx(0.0, abs=1e-6)
    far = geodata.distance_to_line_km(40.4093, 49.8671, "line:ARM-AZE")  # Baku's latitude
    assert far > 250


@pytest.mark.parametrize(("lat", "lon", "fid", "message"), [
    (float("nan"), 46.0, "line:AZE-IRN", "finite"),
    (146.7, 40.3, "line:AZE-IRN", "swapped"),
    (40.0, 46.0, "line:NOPE-XXX", "no feature"),
])
def test_distance_rejects_bad_input(lat: float, lon: float, fid: str, message: str) -> None:
    with pytest.raises(GeodataError, match=message):
        geodata.distance_to_line_km(lat, lon, fid)


def test_distance_to_an_area_is_to_its_outline() -> None:
    lat, lon = STEPANAKERT
    inside = geodata.distance_to_line_km(lat, lon, "area:nkao")
    assert 5 < inside < 60  # Stepanakert lies well inside the oblast, not on its edge


def test_bad_inputs_are_marked_never_placed() -> None:
    frame = gpd.GeoDataFrame(
        {"case": ["zero", "nan", "swapped", "empty", "none", "invalid", "sea"]},
        geometry=[
            shapely.Point(0, 0),
            shapely.Point(float("nan"), 40.0),
            shapely.Point(40.331, 146.729),  # lat 146.7: swapped lon/lat
            shapely.Point(),
            None,
            shapely.Polygon([(46, 40), (47, 41), (47, 40), (46, 41), (46, 40)]),  # bow-tie
            shapely.Point(-40.0, 30.0),  # mid-Atlantic
        ],
        crs="EPSG:4326",
    )
    out = geodata.join(frame).set_index("case")
    assert out["join_status"].to_dict() == {
        "zero": "null_island", "nan": "nan", "swapped": "out_of_range", "empty": "empty",
        "none": "empty", "invalid": "invalid", "sea": "no_region"}
    assert (out["admin1"] == "").all() and (out["country"] == "").all()
    assert (out["disputed_area"] == "").all()
    assert set(out["join_status"]) <= set(geodata.JOIN_STATUS)


def test_errors_raise_names_the_row_and_the_reason() -> None:
    frame = _points(ok=SUGOVUSHAN, bad=(0.0, 0.0))
    with pytest.raises(GeodataError, match=r"row 'bad': point at \(0, 0\)"):
        geodata.join(frame, errors="raise")


def test_join_rejects_a_plain_dataframe() -> None:
    with pytest.raises(GeodataError, match="GeoDataFrame"):
        geodata.join(pd.DataFrame({"lat": [40.0], "lon": [46.0]}))  # type: ignore[arg-type]


def test_projected_input_is_joined_in_wgs84() -> None:
    projected = _points(sugovushan=SUGOVUSHAN).to_crs(3857)
    row = geodata.join(projected).iloc[0]
    assert row.admin1_id == "adm1:AZE-1738"


def test_point_on_a_shared_boundary_goes_to_the_lower_feature_id_every_time() -> None:
    terter, agdam = geodata.feature("adm1:AZE-1734"), geodata.feature("adm1:AZE-1691")
    shared = shapely.intersection(terter.boundary, agdam.boundary)
    coords = shapely.get_coordinates(shared)
    x, y = coords[len(coords) // 2]  # mid-edge: only these two units touch it
    on_edge = shapely.Point(x, y)
    assert terter.intersects(on_edge) and agdam.intersects(on_edge)
    frame = gpd.GeoDataFrame(geometry=[on_edge] * 3, crs="EPSG:4326")
    first = geodata.join(frame)["admin1_id"].tolist()
    again = geodata.join(frame.iloc[::-1])["admin1_id"].tolist()
    assert first == again == ["adm1:AZE-1691"] * 3


def test_line_lists_the_units_it_crosses() -> None:
    # From Aghdam city to Sugovushan: leaves Ağdam, ends in Tərtər, clips the former NKAO.
    line = shapely.LineString([(AGHDAM[1], AGHDAM[0]), (SUGOVUSHAN[1], SUGOVUSHAN[0])])
    row = geodata.join(gpd.GeoDataFrame(geometry=[line], crs="EPSG:4326")).iloc[0]
    assert {"adm1:AZE-1691", "adm1:AZE-1738"} <= set(row.admin1_crossed)
    assert list(row.admin1_crossed) == sorted(row.admin1_crossed)
    assert row.country == "Azerbaijan"
    assert row.admin1 == ""  # spans several units: no single admin-1 is claimed
    assert row.disputed_area == "Former NKAO"
    assert row.join_status == "ok"


def test_border_line_spans_countries_so_no_country_is_claimed() -> None:
    row = geodata.join(gpd.GeoDataFrame(
        geometry=[geodata.feature("line:AZE-IRN")], crs="EPSG:4326")).iloc[0]
    countries = {fid.split(":")[1].split("-")[0] for fid in row.admin1_crossed}
    assert {"AZE", "IRN"} <= countries
    assert row.country == "" and row.admin1 == ""


def test_polygon_inside_one_unit_gets_that_unit() -> None:
    lat, lon = STEPANAKERT
    small = shapely.Point(lon, lat).buffer(0.002)
    row = geodata.join(gpd.GeoDataFrame(geometry=[small], crs="EPSG:4326")).iloc[0]
    assert row.admin1_crossed == ("adm1:AZE-4838",)
    assert row.admin1 == "Stepanakert"


def test_join_keeps_the_input_rows_and_columns() -> None:
    frame = _points(a=SUGOVUSHAN, b=AGHDAM)
    frame["fatalities"] = [3, 5]
    out = geodata.join(frame)
    assert list(out.index) == ["a", "b"]
    assert out["fatalities"].tolist() == [3, 5]
    assert set(geodata.JOIN_COLUMNS) <= set(out.columns)
    assert "country" not in frame.columns  # the input is not changed


def test_rollup_counts_events_and_fatalities_per_admin1() -> None:
    frame = _points(a=SUGOVUSHAN, b=SUGOVUSHAN, c=AGHDAM, d=(0.0, 0.0))
    frame["fatalities"] = [2, np.nan, 7, 100]
    rolled = geodata.rollup(frame).set_index("feature_id")
    assert rolled.loc["adm1:AZE-1738", "events"] == 2
    assert rolled.loc["adm1:AZE-1738", "fatalities"] == 2
    assert rolled.loc["adm1:AZE-1691", "events"] == 1
    assert rolled.loc["adm1:AZE-1691", "fatalities"] == 7
    assert len(rolled) == 2  # the (0, 0) placeholder is not counted anywhere
    assert rolled.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    assert rolled.crs.to_epsg() == 4326


def test_rollup_by_country_and_rejects_unknown_levels() -> None:
    frame = _points(a=SUGOVUSHAN, b=AGHDAM, c=STEPANAKERT)
    rolled = geodata.rollup(geodata.join(frame), by="country")
    assert rolled[["feature_id", "events"]].values.tolist() == [["adm0:AZE", 3]]
    assert np.isnan(rolled["fatalities"].iloc[0])  # no fatality column: unknown, not 0
    with pytest.raises(GeodataError, match="admin1"):
        geodata.rollup(frame, by="admin2")  # type: ignore[arg-type]


def test_empty_frame_gets_the_columns_and_no_rows() -> None:
    out = geodata.join(gpd.GeoDataFrame(geometry=[], crs="EPSG:4326"))
    assert len(out) == 0 and set(geodata.JOIN_COLUMNS) <= set(out.columns)
    assert len(geodata.rollup(out)) == 0


def test_multipoint_spanning_two_units_lists_both() -> None:
    both = shapely.MultiPoint([(SUGOVUSHAN[1], SUGOVUSHAN[0]), (AGHDAM[1], AGHDAM[0])])
    row = geodata.join(gpd.GeoDataFrame(geometry=[both], crs="EPSG:4326")).iloc[0]
    assert row.admin1_crossed == ("adm1:AZE-1691", "adm1:AZE-1738")
    assert (row.country, row.admin1, row.disputed_area) == ("Azerbaijan", "", "Former NKAO")


def test_a_district_polygon_is_its_own_region_not_its_touching_neighbours() -> None:
    """Cəbrayıl touches Xocavənd (inside the former NKAO) along a shared edge: a region
    event drawn as the district's outline belongs to Cəbrayıl alone, outside the NKAO."""
    district = geodata.feature("adm1:AZE-1699")
    frame = gpd.GeoDataFrame(geometry=[district, geodata.feature("area:nkao")],
                             crs="EPSG:4326")
    touching = frame.geometry.iloc[0].intersects(geodata.feature("adm1:AZE-1734"))
    out = geodata.join(frame)
    assert touching  # the neighbour really shares an edge, so the rule is exercised
    assert out.admin1.iloc[0] == "Cəbrayıl"
    assert out.admin1_crossed.iloc[0] == ("adm1:AZE-1699",)
    assert out.disputed_area.iloc[0] == ""
    assert out.disputed_area.iloc[1] == geodata.NKAO_LABEL
    assert out.country.iloc[1] == "Azerbaijan"
