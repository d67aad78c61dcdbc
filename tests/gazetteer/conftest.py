"""Shared fixtures: the compiled default index (built once if missing) and the seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import Gazetteer, build_index
from mapapp.settings import Settings

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_c9256a6db4ad9ab8.txt"


@pytest.fixture(scope="session")
def index_path() -> Path:
    path = Path(Settings().gazetteer_index)
    build_index(path)
    return path


@pytest.fixture(scope="session")
def gz(index_path: Path) -> Gazetteer:
    return Gazetteer.open(index_path)


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not present")
    return SEED.read_text(encoding="utf-8")
