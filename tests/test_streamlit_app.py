"""The page without a browser (streamlit AppTest): the map element's script, filters, counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mapapp._assets import STATIC_DIR
from mapapp.store import EventFilter, open_store
from tests.browser._synthetic import PAYLOADS, build_store

APP = Path(__file__).resolve().parents[1] / "streamlit_app.py"


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = build_store(tmp_path / "events.sqlite", 40)
    monkeypatch.setenv("CONFLICTMAP_DB", str(path))
    monkeypatch.setenv("CONFLICTMAP_DATA_DIR", str(tmp_path))
    return path


def run_app() -> AppTest:
    """The page as a visitor gets it: the first run (the map only), then the run the map's
    report of its drawn events asks for (everything)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def map_args(at: AppTest) -> dict[str, object]:
    """The st_folium component's arguments (it is an UnknownElement to AppTest)."""
    for el in at.get("component_instance"):
        args = json.loads(el.proto.json_args)
        if "script" in args:
            return args
    raise AssertionError("no st_folium element on the page")


def events_script(args: dict[str, object]) -> str:
    """The event layer's JS: swapped in as a feature group so the map stays mounted."""
    return str(args["feature_group"])


def events_data(args: dict[str, object]) -> tuple[str, dict[str, list]]:  # type: ignore[type-arg]
    """The published payload the event layer fetches, as text and parsed: the rows file
    and the two fragment tables it names, together."""
    match = re.search(r'fetch\("(/app/static/cache/events-[0-9a-f]+\.json)"\)',
                      events_script(args))
    assert match, "the event layer fetches its data from the static cache"
    text = (STATIC_DIR / match.group(1).removeprefix("/app/static/")).read_text("utf-8")
    data = json.loads(text)
    for name in ("strings", "details", "popups"):
        table = (STATIC_DIR / data.pop(f"{name}_url").removeprefix("/app/static/")).read_text(
            "utf-8")
        data[name] = json.loads(table)
        text += table
    return text, data


def shown_events(args: dict[str, object]) -> int:
    data = events_data(args)[1]
    return len(data["points"]) + len(data["areas"])


def test_map_holds_every_event_offline(store_path: Path) -> None:
    at = run_app()
    args = map_args(at)
    with open_store(store_path) as store:
        total = store.count()
    assert shown_events(args) == total == 44
    links = [*args["js_links"], *args["css_links"]]  # type: ignore[misc]
    assert links and all(link.startswith("/app/static/") for link in links), links
    assert "L.markerClusterGroup(" in events_script(args)
    text = events_data(args)[0]
    assert "Sugovushan (Madagiz)" in text
    assert "<mark>Madagiz</mark>" in text
    assert "https://" not in str(args["header"])
    assert "Former NKAO" in str(args["script"])  # reference layers live in the base map
    # the basemap's features come from a published file, not the page's messages
    match = re.search(r'fetch\("(/app/static/cache/basemap-[0-9a-f]+\.json)"\)',
                      str(args["script"]))
    assert match and len(str(args["script"])) < 60_000
    layers = json.loads((STATIC_DIR / match.group(1).removeprefix("/app/static/")).read_text(
        "utf-8"))
    tips = [[f["properties"]["tip"] for f in layer["features"]] for layer in layers]
    assert len(tips) == 4 and "Azerbaijan" in tips[0] and "Armenia" in tips[0]
    assert tips[2] == ["Former Nagorno-Karabakh Autonomous Oblast"]
    assert "Azerbaijan–Iran border" in tips[3]
    assert "**44** of 44 events shown" in at.sidebar.markdown[0].value
    assert len(at.dataframe[0].value) == 44


def test_party_filter_changes_map_and_table(store_path: Path) -> None:
    at = run_app()
    at.sidebar.multiselect(key="parties").set_value(["Azerbaijan"]).run()
    assert not at.exception
    with open_store(store_path) as store:
        expected = store.count(EventFilter(parties=("Azerbaijan",)))
    assert 0 < expected < 44
    assert shown_events(map_args(at)) == expected
    assert len(at.dataframe[0].value) == expected
    assert f"**{expected}** of 44 events shown" in at.sidebar.markdown[0].value


def test_payloads_stay_text_in_the_map_script(store_path: Path) -> None:
    script = events_data(map_args(run_app()))[0]
    for raw in PAYLOADS:
        assert raw not in script
    assert "&#123;&#123; 7*7 &#125;&#125;" in script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in script


def test_attribution_is_on_the_page(store_path: Path) -> None:
    at = run_app()
    assert any("GeoNames (geonames.org), CC BY 4.0" in c.value and "Natural Earth" in c.value
               for c in at.caption)


def test_reset_clears_filters(store_path: Path) -> None:
    at = run_app()
    at.sidebar.text_input(key="text").set_value("Sugovushan").run()
    assert shown_events(map_args(at)) == 1
    at.sidebar.button[0].click().run()
    assert shown_events(map_args(at)) == 44


def test_the_first_run_draws_only_the_map_and_the_next_run_the_rest(store_path: Path
                                                                      ) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    first = map_args(at)
    assert shown_events(first) == 44
    assert first["default"] == {"last_object_clicked_popup": None}
    # the map reports that default value once its events are drawn (then the page reruns)
    assert '"last_object_clicked_popup":null' in events_script(first)
    assert "streamlit:setComponentValue" in events_script(first)
    assert not at.sidebar.multiselect and not at.dataframe and not at.button
    # the page opens with its title (no stray text, e.g. a bare string Streamlit prints)
    assert [type(e).__name__ for e in at.main.children.values()] == [
        "Title", "UnknownElement", "Caption"]
    assert not at.markdown
    at.run()
    assert not at.exception
    assert map_args(at) == first  # the same map element: the browser keeps it
    assert next(iter(at.main.children.values())).value == "conflictmap"
    assert [m.value.split(" ")[0] for m in at.markdown] == ["**44**"]
    assert len(at.sidebar.multiselect) == 4 and len(at.dataframe[0].value) == 44
    assert "**44** of 44 events shown" in at.sidebar.markdown[0].value


def test_a_session_holding_filters_gets_them_after_the_first_run(store_path: Path) -> None:
    """The first run draws the default view; the next one draws the filters the session
    already holds."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["parties"] = ["Azerbaijan"]
    at.run()
    assert not at.exception
    assert shown_events(map_args(at)) == 44
    at.run()
    assert not at.exception
    with open_store(store_path) as store:
        expected = store.count(EventFilter(parties=("Azerbaijan",)))
    assert 0 < expected < 44
    assert shown_events(map_args(at)) == expected
    assert f"**{expected}** of 44 events shown" in at.sidebar.markdown[0].value
