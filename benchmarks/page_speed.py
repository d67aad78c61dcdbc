"""Page speed in Debian Chromium (offline resolver rule), printed as numbers.

- time from navigation to a rendered map holding all N events (N = 1k, 10k, 100k), on a
  fresh server and a fresh browser context (cold) and on a reload (warm: the browser has
  Streamlit's code cached; the server's caches are warm either way);
- on the cold load, the time until the whole page is there (the filters and the table are
  drawn once the map reports its events drawn: "page s");
- time from picking a party in the filter to the updated map, at 10k events;
- with --floor, the same map alone on a Streamlit page: what the framework costs.

Each measurement opens a new browser context (no cache, no cookies) on a server started for
it; the browser process itself is started once and opens one blank page first, as a user's
browser is already running.

Goals (issue 7): 100k <= 3 s, filter change <= 1 s at 10k.
Usage: .venv/bin/python benchmarks/page_speed.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from mapapp._cli_serve import serve_command  # noqa: E402
from mapapp.settings import Settings  # noqa: E402
from mapapp.store import EventFilter, open_store  # noqa: E402
from tests.browser._synthetic import build_store  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    free_port,
    gazetteer_index,
    start_server,
    stop_server,
)

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TABLE = '[data-testid="stDataFrame"]'

FLOOR_PAGE = '''"""The page's map alone: what Streamlit and streamlit-folium cost by themselves."""
import streamlit as st
from streamlit_folium import st_folium

from mapapp import mapview, page
from mapapp.settings import Settings
from mapapp.store import EventFilter

settings = Settings()
data = page.for_store(str(settings.db), float(settings.lock_timeout),
                      int(settings.table_rows))
rev = data.revision()
colors = data.colors(rev)
m = mapview.base_map(bounds=data.bounds(rev), basemap=page.region_pack(), colors=colors,
                     event_types=data.facets(rev).event_types, fetch_basemap=True)
group = mapview.event_group(None, colors=colors, payload=data.payload_url(rev, EventFilter()))
mapview.one_script(m, group)
st.set_page_config(page_title="floor", layout="wide")
st_folium(m, key="map", height=620, use_container_width=True, feature_group_to_add=group)
'''


def wait_events(page, n: int, timeout: float = 120.0) -> float:  # type: ignore[no-untyped-def]
    """Poll until exactly one map shows n events; returns the monotonic time it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = page.evaluate(
            """(sel) => {
                 const frames = document.querySelectorAll(sel);
                 if (frames.length !== 1) return null;
                 const div = frames[0].contentDocument &&
                             frames[0].contentDocument.getElementById('map_div');
                 return div ? div.getAttribute('data-cm-events') : null;
               }""", MAP_FRAME)
        if got == str(n):
            return time.monotonic()
        page.wait_for_timeout(20)
    raise TimeoutError(f"map never showed {n} events")


def start_floor_server(db: Path, work: Path) -> Server:
    """``FLOOR_PAGE`` served the way ``conflictmap serve`` serves the page (warm-up first,
    same flags), from a folder whose ``static`` is the project's."""
    folder = work / "floor"
    folder.mkdir(exist_ok=True)
    (folder / "page.py").write_text(FLOOR_PAGE, encoding="utf-8")
    if not (folder / "static").exists():
        (folder / "static").symlink_to(REPO / "static")
    settings = Settings({"db": str(db), "data_dir": str(work),
                         "gazetteer_index": str(gazetteer_index())})
    port = free_port()
    argv, env = serve_command(settings, "127.0.0.1", port)
    argv[3] = str(folder / "page.py")
    env["PYTHONPATH"] = str(REPO)
    log = work / f"floor-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env,
                                cwd=folder)
    server = Server(f"http://127.0.0.1:{port}/", db, proc, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(server.url + "_stcore/health", timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError(f"floor page did not start: {log.read_text(errors='replace')[-800:]}")


def measure_floor(size: int, browser, work: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Cold and warm for the map alone on the store ``measure`` built for ``size``."""
    db = work / f"events-{size}.sqlite"
    with open_store(db) as store:
        total = store.count()
    server = start_floor_server(db, work)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.monotonic()
        page.goto(server.url)
        cold = wait_events(page, total) - t0
        t0 = time.monotonic()
        page.reload()
        warm = wait_events(page, total) - t0
        page.close()
    finally:
        stop_server(server)
    return {"events": float(total), "cold_s": cold, "warm_s": warm}


def measure(size: int, browser, work: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    db = work / f"events-{size}.sqlite"
    t0 = time.monotonic()
    build_store(db, size)
    with open_store(db) as store:
        total = store.count()
        party = store.count(EventFilter(parties=("Azerbaijan",)))
    seeded = time.monotonic() - t0
    server = start_server(db, work)
    out = {"events": float(total), "seed_s": seeded}
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.monotonic()
        page.goto(server.url)
        out["cold_s"] = wait_events(page, total) - t0
        page.locator(TABLE).wait_for(timeout=120_000)  # the rest comes after the map
        out["cold_page_s"] = time.monotonic() - t0
        t0 = time.monotonic()
        page.reload()
        out["warm_s"] = wait_events(page, total) - t0
        if size == 10_000:
            page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
                has_text="Parties").locator("input").click()
            option = page.get_by_role("option", name="Azerbaijan", exact=True)
            option.wait_for()
            t0 = time.monotonic()
            option.click()
            out["filter_change_s"] = wait_events(page, party) - t0
        page.close()
    finally:
        stop_server(server)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--floor", action="store_true",
                        help="also time the same map alone on a Streamlit page (the "
                             "framework's own share of the page's time)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        blank = browser.new_page()
        blank.goto("about:blank")
        blank.close()
        print(f"{'events':>8} {'seed s':>7} {'cold s':>7} {'warm s':>7} {'filter s':>8} "
              f"{'page s':>7}")
        for size in sizes:
            r = measure(size, browser, Path(tmp))
            flt = f"{r['filter_change_s']:8.2f}" if "filter_change_s" in r else f"{'-':>8}"
            print(f"{int(r['events']):8d} {r['seed_s']:7.1f} {r['cold_s']:7.2f} "
                  f"{r['warm_s']:7.2f} {flt} {r['cold_page_s']:7.2f}", flush=True)
            if args.floor:
                f = measure_floor(size, browser, Path(tmp))
                print(f"{int(f['events']):8d} {'(map alone)':>7} {f['cold_s']:7.2f} "
                      f"{f['warm_s']:7.2f} {'-':>8}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
