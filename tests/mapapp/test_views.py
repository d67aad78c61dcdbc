"""Merged views over stored events: what the CLI's --merged and the page's toggle show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from mapapp.cli import main
from mapapp.schema import Article, Event, FatalityClaim
from mapapp.store import open_store
from mapapp.views import merged


def _barda_reports(event_factory: Callable[..., Event],
                   article_factory: Callable[..., Article]) -> list[tuple[Article, Event]]:
    out = []
    for n, (toll, lon) in enumerate(((21, 47.1189), (19, 47.1300)), start=1):
        art = article_factory(n)
        claim = FatalityClaim(toll, None, None, "civilians", "Azerbaijan", "Azerbaijan", "s")
        out.append((art, event_factory(
            n, article=art, event_type="Explosions/Remote violence", event_date="2020-10-28",
            event_date_end="", place_id="gn:587378", place_name="Barda",
            geometry={"type": "Point", "coordinates": [lon, 40.3744]},
            fatality_claims=[claim], fatalities=toll, sources=[f"Wire {n}"])))
    return out


def test_merged_frame_has_one_row_with_the_range_of_claims(
        tmp_path: Path, event_factory: Callable[..., Event],
        article_factory: Callable[..., Article]) -> None:
    with open_store(tmp_path / "s.sqlite") as store:
        for art, ev in _barda_reports(event_factory, article_factory):
            store.save_article(art, [ev])
        raw = store.query()
    out = merged(raw)
    assert len(raw) == 2
    assert len(out) == 1
    row = out.iloc[0]
    assert (row.fatalities_low, row.fatalities_high) == (19, 21)
    assert row.sources == ["Wire 1", "Wire 2"]
    assert out.crs.to_epsg() == 4326
    assert abs(row.geometry.y - 40.3744) < 1e-6


def test_cli_merged_flag_exports_one_feature(
        tmp_path: Path, event_factory: Callable[..., Event],
        article_factory: Callable[..., Article]) -> None:
    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        for art, ev in _barda_reports(event_factory, article_factory):
            store.save_article(art, [ev])
    runner = CliRunner()
    plain = runner.invoke(main, ["--db", str(db), "export", "--format", "geojson",
                                 "-o", str(tmp_path / "a.geojson")])
    both = runner.invoke(main, ["--db", str(db), "export", "--merged", "--format", "geojson",
                                "-o", str(tmp_path / "b.geojson")])
    assert plain.exit_code == 0 and both.exit_code == 0, plain.output + both.output
    assert plain.output.startswith("2 events written")
    assert both.output.startswith("1 events written")
