"""ACLED and UCDP GED imports: fields and precision codes mapped, re-import is a no-op, a file
with the wrong layout is refused with one line and the store is untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from mapapp.errors import ArticleError
from mapapp.importers import import_acled, import_ucdp, ucdp_geo_precision
from mapapp.store import EventFilter, Store, open_store
from tests.conftest import make_article, make_event

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "events.sqlite")


def test_acled_rows_map_to_events(store: Store) -> None:
    result, rows = import_acled(FIXTURES / "acled_sample.csv", store)
    assert rows == 3 and (result.added, result.updated) == (3, 0)
    gdf = store.query().set_index("event_id")
    a = gdf.loc["acled:TST101"]
    assert (a.event_date, a.date_precision, a.event_type, a.sub_event_type) == (
        "2020-10-03", 1, "Battles", "Armed clash")
    assert (a.geometry.x, a.geometry.y) == pytest.approx((46.5678, 40.1234), abs=1e-9)
    assert (a.geo_precision, a.where_prec, a.fatalities) == (1, 1, 12)
    assert (a.country, a.admin1, a.place_name, a.source) == (
        "Testland", "North Testprovince", "Synthetic Village A", "ACLED")
    assert a.parties == ["Military Forces of Testland (2018-)",
                         "Military Forces of Otherland (2018-)", "Otherland Volunteers"]
    assert a.sources == ["Test Wire", "Other Wire"]
    b = gdf.loc["acled:TST102"]
    assert (b.date_precision, b.geo_precision, b.where_prec, b.fatalities) == (3, 2, 3, 0)
    assert b.summary.startswith("=SUM")  # stored raw; only exports defuse it
    c = gdf.loc["acled:TST103"]
    assert (c.date_precision, c.geo_precision, c.where_prec) == (4, 3, 4)
    assert pd.isna(c.fatalities)


def test_ucdp_rows_map_to_events(store: Store) -> None:
    result, rows = import_ucdp(FIXTURES / "ucdp_sample.csv", store)
    assert rows == 2 and result.added == 2
    gdf = store.query().set_index("event_id")
    a = gdf.loc["ucdp:900001"]
    assert (a.event_date, a.event_date_end, a.date_precision) == ("2020-10-03", "", 1)
    assert (a.event_type, a.sub_event_type, a.actor1, a.actor2) == (
        "Battles", "Armed clash", "Government of Testland", "Government of Otherland")
    assert (a.fatalities, a.fatalities_low, a.fatalities_high) == (9, 7, 14)
    assert (a.where_prec, a.geo_precision) == (1, 1)
    b = gdf.loc["ucdp:900002"]
    assert (b.event_type, b.sub_event_type) == ("Violence against civilians", "Attack")
    assert (b.event_date, b.event_date_end, b.date_precision) == ("2020-10-01", "2020-10-07", 3)
    assert (b.where_prec, b.geo_precision, b.admin1) == (4, 3, "South Testprovince")
    assert store.count(EventFilter(since="2020-10-05", until="2020-10-06")) == 1


def test_where_prec_scale() -> None:
    assert [ucdp_geo_precision(p) for p in range(1, 8)] == [1, 2, 2, 3, 3, 3, 3]


def test_reimport_changes_nothing(store: Store) -> None:
    import_acled(FIXTURES / "acled_sample.csv", store)
    before = store.query()
    result, _ = import_acled(FIXTURES / "acled_sample.csv", store)
    assert (result.article_new, result.added, result.updated, result.unchanged) == (
        False, 0, 0, 3)
    assert store.query().equals(before)


@pytest.mark.parametrize(("func", "name", "needle"), [
    (import_acled, "acled_wrong_columns.csv", "not in the ACLED CSV layout: missing column(s) "
                                              "event_id_cnty"),
    (import_ucdp, "ucdp_wrong_columns.csv", "not in the UCDP GED CSV layout: missing column(s) "
                                            "type_of_violence"),
    (import_acled, "ucdp_sample.csv", "missing column(s) event_id_cnty"),
])
def test_wrong_layout_is_one_line_and_store_untouched(store: Store, func, name: str,
                                                      needle: str) -> None:
    art = make_article(0)
    store.save_article(art, [make_event(0, article=art)])
    before = store.query()
    with pytest.raises(ArticleError) as info:
        func(FIXTURES / name, store)
    assert needle in str(info.value) and "\n" not in str(info.value)
    assert store.query().equals(before)


def test_bad_row_rejects_the_whole_file(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "acled_bad_row.csv"
    text = (FIXTURES / "acled_sample.csv").read_text()
    bad.write_text(text.replace("39.5,46.9", "139.5,46.9"))
    with pytest.raises(ArticleError, match=r"line 3: latitude '139.5' is out of range"):
        import_acled(bad, store)
    assert store.count() == 0 and store.facets().articles == 0


def test_binary_file_is_refused(store: Store, tmp_path: Path) -> None:
    binary = tmp_path / "data.csv"
    shutil.copy(FIXTURES / "acled_sample.csv", binary)
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    with pytest.raises(ArticleError, match="binary file"):
        import_ucdp(binary, store)
    assert store.count() == 0
