"""The lookup grid answers exactly like the polygon test, and a stale grid is never used."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import shapely

from geodata import _grid
from geodata._join import locate
from geodata._pack import PACK_PATH, admin1_index, file_digest


def test_grid_and_exact_test_agree_on_random_points() -> None:
    index = admin1_index()
    assert index.grid is not None, "the committed grid does not match the committed pack"
    exact = replace(index, grid=None)
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(-180, 180, 30_000), rng.uniform(44, 51, 20_000)])
    y = np.concatenate([rng.uniform(-60, 75, 30_000), rng.uniform(38, 42, 20_000)])
    np.testing.assert_array_equal(locate(index, x, y), locate(exact, x, y))


def test_grid_answers_most_cells_without_the_polygon_test() -> None:
    grid = admin1_index().grid
    assert grid is not None
    assert (grid == _grid.MIXED).mean() < 0.10
    assert (grid >= 0).any() and (grid == _grid.SEA).any()


def test_a_grid_for_another_pack_is_ignored(tmp_path: Path) -> None:
    grid = np.zeros((1800, 3600), dtype=np.int16)
    path = tmp_path / "grid.npz"
    _grid.save_grid(grid, "not-the-pack-digest", path=path)
    assert _grid.load_grid(file_digest(PACK_PATH), path=path) is None
    assert _grid.load_grid("not-the-pack-digest", path=path) is not None
    assert _grid.load_grid("x", path=tmp_path / "absent.npz") is None


def test_mixed_mask_marks_every_cell_a_diagonal_boundary_crosses() -> None:
    # A triangle whose hypotenuse runs corner to corner through a 1° grid.
    triangle = np.array([shapely.Polygon([(0.05, 0.05), (5.95, 5.95), (5.95, 0.05)])])
    mask = _grid.mixed_mask(triangle, 1.0)
    row0, col0 = 90, 180  # the cell whose south-west corner is (0, 0)
    for k in range(6):
        assert mask[row0 + k, col0 + k]  # on the diagonal
    assert not mask[row0 + 1, col0 + 4]  # strictly inside, away from every edge
    assert not mask[row0 + 4, col0 + 1]  # strictly outside, above the hypotenuse
