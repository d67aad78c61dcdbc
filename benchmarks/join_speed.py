"""How fast the region pack loads and how fast points join to the world admin-1 pack.

Run: .venv/bin/python benchmarks/join_speed.py [--sizes 10000,100000,1000000]
Goals (issue 4): the pack loads in < 0.5 s; 1M points join in <= 2 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import geopandas as gpd
import numpy as np
import shapely

_COLD_LOAD = (
    "import time, geopandas; t0 = time.perf_counter(); import geodata; "
    "t1 = time.perf_counter(); geodata.load_pack(); t2 = time.perf_counter(); "
    "print(t1 - t0, t2 - t1)"
)


def cold_load_seconds(runs: int = 3) -> tuple[float, float]:
    """Best of a few fresh interpreters (geopandas already imported, as in the app):
    seconds to import geodata, seconds for the first load_pack()."""
    imports, loads = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD_LOAD], check=True,
                             capture_output=True, text=True)
        first, second = (float(v) for v in out.stdout.split())
        imports.append(first)
        loads.append(second)
    return min(imports), min(loads)


def exact_only_seconds(frame: gpd.GeoDataFrame) -> float:
    """The same points through the polygon test alone (no grid), for comparison."""
    from dataclasses import replace

    from geodata._join import locate
    from geodata._pack import admin1_index

    index = replace(admin1_index(), grid=None)
    x, y = shapely.get_x(frame.geometry.values), shapely.get_y(frame.geometry.values)
    t = time.perf_counter()
    locate(index, x, y)
    return time.perf_counter() - t


def random_points(n: int, seed: int = 42) -> gpd.GeoDataFrame:
    """Uniform in lon/lat over the inhabited latitudes; about a third falls on land."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-180, 180, n)
    y = rng.uniform(-60, 75, n)
    return gpd.GeoDataFrame(geometry=shapely.points(x, y), crs="EPSG:4326")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import geodata
    from geodata._pack import admin1_index

    import_s, load_s = cold_load_seconds()
    print(f"import geodata (fresh process, best of 3): {import_s:.3f} s")
    print(f"load_pack() first call (fresh process, best of 3): {load_s:.3f} s")
    t = time.perf_counter()
    geodata.load_pack()
    admin1_index()
    print(f"spatial index build (once per process): {time.perf_counter() - t:.3f} s")
    print()
    print(f"{'points':>10} | {'join s (best)':>13} | {'points/s':>12} | {'on land':>7}")
    print(f"{'-' * 10}-+-{'-' * 13}-+-{'-' * 12}-+-{'-' * 7}")
    for n in (int(s) for s in args.sizes.split(",")):
        frame = random_points(n)
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = geodata.join(frame)
            best = min(best, time.perf_counter() - t)
        share = float((out["join_status"] == "ok").mean())
        print(f"{n:>10,} | {best:>13.3f} | {n / best:>12,.0f} | {share:>7.1%}")
    print()
    print(f"1,000,000 points, polygon test only (no grid): "
          f"{exact_only_seconds(random_points(1_000_000)):.3f} s")


if __name__ == "__main__":
    main()
