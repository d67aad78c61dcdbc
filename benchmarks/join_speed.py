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
    "import time, geopandas; t = time.perf_counter(); import geodata; geodata.load_pack(); "
    "print(time.perf_counter() - t)"
)


def cold_load_seconds(runs: int = 3) -> float:
    """Best of a few fresh interpreters (geopandas already imported, as in the app)."""
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD_LOAD], check=True,
                             capture_output=True, text=True)
        times.append(float(out.stdout.strip()))
    return min(times)


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

    print(f"pack load (fresh process, best of 3): {cold_load_seconds():.3f} s")
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


if __name__ == "__main__":
    main()
