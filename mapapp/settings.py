"""Every tunable of conflictmap in one typed registry.

Each setting has a name, a type, a default and help text; an environment variable
``CONFLICTMAP_<NAME>`` overrides the default and a CLI flag overrides both. This module is
the only place that reads ``CONFLICTMAP_*`` variables, so README and code cannot drift
(a test checks that every setting is documented).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "conflictmap")


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (1/0, true/false, yes/no, on/off), got {text!r}")


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "CONFLICTMAP_" + self.name.upper()

    def parse(self, text: str) -> Any:
        parser: Callable[[str], Any] = _parse_bool if self.type is bool else self.type
        try:
            return parser(text)
        except ValueError as exc:
            raise ValueError(f"{self.env}: {exc}") from None


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", str, None, "Folder for the store, the compiled gazetteer index and "
            "caches. Default: $XDG_DATA_HOME/conflictmap (~/.local/share/conflictmap)."),
    Setting("db", str, None, "Event store: a SQLite file path, or a postgresql:// URL for the "
            "PostGIS team store. Default: <data_dir>/events.sqlite."),
    Setting("gazetteer_index", str, None, "Compiled gazetteer index (SQLite). Default: "
            "<data_dir>/gazetteer.sqlite; built by `conflictmap gazetteer build`."),
    Setting("max_article_bytes", int, 5_000_000, "Largest article file accepted for ingest "
            "or upload, in bytes; larger inputs are refused with one line, nothing stored."),
    Setting("max_upload_files", int, 20, "Most files accepted in one upload on the page."),
    Setting("lock_timeout", float, 10.0, "Seconds a writer waits for another writer's lock "
            "on the SQLite store before giving up with StoreBusyError."),
    Setting("host", str, "127.0.0.1", "Address `conflictmap serve` binds to."),
    Setting("port", int, 8501, "Port `conflictmap serve` listens on."),
    Setting("table_rows", int, 2_000, "Events the page's table lists (the first of the "
            "filtered view by date; the map and the exports hold all of them). More rows take "
            "longer to send to the browser on every filter change."),
    Setting("online_tiles", bool, False, "Offer OpenStreetMap/Carto raster tiles on the page "
            "(needs internet); the offline vector basemap is always there."),
    Setting("carto_api_key", str, "", "Key for Carto's basemap tiles "
            "(carto.com/basemaps/apikey; they now require one). With online_tiles on and a "
            "key set, Carto Positron is offered next to OpenStreetMap."),
    Setting("online_geocoder", bool, False, "Ask an online geocoder (Nominatim, at most 1 "
            "request/s) for names the local gazetteer does not know. Off by default."),
    Setting("geocoder_url", str, "", "Base URL of the Nominatim-compatible geocoder used when "
            "online_geocoder is on; empty means the public Nominatim service."),
    Setting("user_agent", str, "conflictmap/0.1", "User-Agent sent to online services."),
)

_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


class Settings(Mapping[str, Any]):
    """Resolved values: CLI overrides > environment > defaults (with derived paths filled)."""

    def __init__(self, overrides: Mapping[str, Any] | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for s in SETTINGS:
            values[s.name] = s.parse(env[s.env]) if s.env in env else s.default
        for key, value in (overrides or {}).items():
            if key not in _BY_NAME:
                raise KeyError(f"unknown setting {key!r}; known: {', '.join(_BY_NAME)}")
            if value is not None:
                values[key] = value
        values["data_dir"] = values["data_dir"] or _default_data_dir()
        data_dir = Path(values["data_dir"])
        values["db"] = values["db"] or str(data_dir / "events.sqlite")
        values["gazetteer_index"] = values["gazetteer_index"] or str(data_dir / "gazetteer.sqlite")
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None
