"""A lookup grid over the admin-1 polygons: most points are answered by one array read, and
only points in cells that a boundary crosses go to the exact polygon test.

A cell no boundary touches lies wholly inside one unit (or wholly at sea), so its answer is
the answer for every point in it. Cells a boundary touches are marked MIXED.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely

GRID_RES_DEG = 0.1
MIXED = -1
SEA = -2
GRID_PATH = Path(__file__).resolve().parent / "data" / "admin1_grid.npz"


def ids_digest(feature_ids: np.ndarray) -> str:
    """Fingerprint of the admin-1 order the grid's values index into."""
    return hashlib.sha256("\n".join(map(str, feature_ids)).encode()).hexdigest()


def _shape(res: float) -> tuple[int, int]:
    return round(180 / res), round(360 / res)


def cells(x: np.ndarray, y: np.ndarray, res: float) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each lon/lat (callers pass in-range coordinates)."""
    rows, cols = _shape(res)
    iy = np.minimum(((y + 90.0) / res).astype(np.int64), rows - 1)
    ix = np.minimum(((x + 180.0) / res).astype(np.int64), cols - 1)
    return iy, ix


def mixed_mask(geoms: np.ndarray, res: float) -> np.ndarray:
    """Cells any polygon boundary passes through (vertices densified to res/4, and both side
    cells of a diagonal step, so no crossed cell is missed)."""
    rows, cols = _shape(res)
    mask = np.zeros((rows, cols), dtype=bool)
    lines = shapely.segmentize(shapely.boundary(geoms), res / 4)
    coords, part = shapely.get_coordinates(shapely.get_parts(lines), return_index=True)
    iy, ix = cells(coords[:, 0], coords[:, 1], res)
    mask[iy, ix] = True
    same = part[1:] == part[:-1]
    diag = same & (iy[1:] != iy[:-1]) & (ix[1:] != ix[:-1])
    mask[iy[1:][diag], ix[:-1][diag]] = True
    mask[iy[:-1][diag], ix[1:][diag]] = True
    return mask


def build_grid(geoms: np.ndarray,
               locate: Callable[[np.ndarray, np.ndarray], np.ndarray],
               res: float = GRID_RES_DEG) -> np.ndarray:
    """int16 grid: admin-1 index, SEA, or MIXED. ``locate(x, y)`` answers exactly for a few
    points (index or -1); one point per run of unmixed cells in a row is enough, because
    neighbouring unmixed cells share an edge no boundary touches."""
    mask = mixed_mask(geoms, res)
    rows, cols = mask.shape
    free = ~mask
    starts = free.copy()
    starts[:, 1:] &= mask[:, :-1]
    run_of = np.cumsum(starts.ravel()).reshape(rows, cols) - 1
    sy, sx = np.nonzero(starts)
    answer = locate(-180.0 + (sx + 0.5) * res, -90.0 + (sy + 0.5) * res)
    grid = np.full((rows, cols), MIXED, dtype=np.int16)
    grid[free] = np.where(answer < 0, SEA, answer).astype(np.int16)[run_of[free]]
    return grid


def save_grid(grid: np.ndarray, digest: str, res: float = GRID_RES_DEG,
              path: Path = GRID_PATH) -> None:
    tmp = path.with_name(path.stem + ".tmp.npz")
    np.savez_compressed(tmp, grid=grid, res=np.float64(res), digest=np.str_(digest))
    tmp.replace(path)


def load_grid(digest: str, path: Path = GRID_PATH) -> tuple[np.ndarray, float] | None:
    """The saved grid, or None when absent or built for a different pack (then every point
    takes the exact path: slower, never wrong)."""
    try:
        with np.load(path) as data:
            if str(data["digest"]) != digest:
                return None
            return data["grid"], float(data["res"])
    except (OSError, KeyError, ValueError):
        return None
