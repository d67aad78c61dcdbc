"""conflictmap's application layer: articles → events → store → map and exports.

The small public API below is what the CLI and the page use; everything else is plumbing.
"""

from mapapp.articles import read_article
from mapapp.export import csv_bytes, geojson_bytes, gpkg_bytes, to_csv, to_geojson, to_gpkg
from mapapp.extract import extract_events
from mapapp.ingest import IngestSummary, ingest_paths
from mapapp.merge import merge_events
from mapapp.schema import EVENT_FIELDS, Article, Event, FatalityClaim
from mapapp.settings import SETTINGS, Settings
from mapapp.store import EventFilter, Facets, SaveResult, Store, open_store

__all__ = [
    "EVENT_FIELDS",
    "SETTINGS",
    "Article",
    "Event",
    "EventFilter",
    "Facets",
    "FatalityClaim",
    "IngestSummary",
    "SaveResult",
    "Settings",
    "Store",
    "csv_bytes",
    "extract_events",
    "geojson_bytes",
    "gpkg_bytes",
    "ingest_paths",
    "merge_events",
    "open_store",
    "read_article",
    "to_csv",
    "to_geojson",
    "to_gpkg",
]
