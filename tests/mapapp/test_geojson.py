"""The column-at-a-time GeoJSON writer: whatever the values, the text parses back to exactly
the values a per-feature ``json.dumps`` would have written."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mapapp import _geojson

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
TRICKY = ['plain', 'say "hi"', "back\\slash", "tab\there", "new\nline", "\x00\x1f", "ünï ✓ 🙂",
          "", "{{ 7*7 }}", "${alert(1)}", '\\"', "\u2028"]


def write(frame: pd.DataFrame, geometry: list[_geojson.Piece] | None = None) -> Any:
    properties = [(name, _geojson.column_pieces(frame[name], none_as="[]" if name == "listy"
                                                  else "null")) for name in frame.columns]
    parts = _geojson.feature_collection(properties, geometry or ["null"], len(frame))
    return json.loads(b"".join(parts))


def test_tricky_strings_round_trip_in_every_column_kind() -> None:
    frame = pd.DataFrame({
        "text": pd.Series(TRICKY, dtype="str"),
        "objects": pd.Series(TRICKY, dtype=object),
        "listy": [[t, t] for t in TRICKY],
    })
    doc = write(frame)
    assert [f["properties"]["text"] for f in doc["features"]] == TRICKY
    assert [f["properties"]["objects"] for f in doc["features"]] == TRICKY
    assert [f["properties"]["listy"] for f in doc["features"]] == [[t, t] for t in TRICKY]


def test_missing_values_numbers_and_lists() -> None:
    frame = pd.DataFrame({
        "count": pd.array([3, None, 0], dtype="Int64"),
        "share": [0.5, float("nan"), 1e-7],
        "flag": [True, False, True],
        "name": pd.Series(["a", None, "c"], dtype=object),
        "listy": [["x"], None, []],
        "claims": [[{"number": 19, "claimed_by": 'the "ministry"'}], [], None],
    })
    rows = [f["properties"] for f in write(frame)["features"]]
    assert [r["count"] for r in rows] == [3, None, 0]
    assert [r["share"] for r in rows] == [0.5, None, 1e-7]
    assert [r["flag"] for r in rows] == [True, False, True]
    assert [r["name"] for r in rows] == ["a", None, "c"]
    assert [r["listy"] for r in rows] == [["x"], [], []]
    assert [r["claims"] for r in rows] == [[{"number": 19, "claimed_by": 'the "ministry"'}],
                                           [], None]


def test_empty_selection_and_geometry_pieces() -> None:
    assert write(pd.DataFrame({"name": pd.Series([], dtype="str")})) == {
        "type": "FeatureCollection", "features": []}
    frame = pd.DataFrame({"name": ["a", "b"]})
    geometry = _geojson.join_rows('{"type":"Point","coordinates":[',
                                  _geojson.column_pieces(pd.Series([46.5, 47.0]))[0], ",1]}")
    doc = write(frame, [geometry])
    assert [f["geometry"]["coordinates"] for f in doc["features"]] == [[46.5, 1], [47, 1]]
    assert list(doc["features"][0]) == ["type", "geometry", "properties"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.lists(_TEXT, max_size=3),
                          st.one_of(st.none(), st.integers(-2**53, 2**53)),
                          st.floats(allow_infinity=False)), min_size=1, max_size=10))
def test_property_matches_per_row_json(rows: list[tuple[str, list[str], int | None, float]]
                                       ) -> None:
    frame = pd.DataFrame({
        "text": pd.Series([r[0] for r in rows], dtype="str"),
        "listy": [r[1] for r in rows],
        "count": pd.array([r[2] for r in rows], dtype="Int64"),
        "share": np.array([r[3] for r in rows], dtype=float),
    })
    got = [f["properties"] for f in write(frame)["features"]]
    for props, (text, items, count, share) in zip(got, rows, strict=True):
        assert props["text"] == text
        assert props["listy"] == items
        assert props["count"] == count
        if math.isnan(share):
            assert props["share"] is None
        else:
            assert props["share"] == pytest.approx(share, rel=0, abs=0)
