"""Views over stored events that several consumers (CLI, page, exports) share.

Merging is a view, not a write: the store keeps one row per article's report, so a later
article can still join an earlier group, and un-merging is just asking for the raw rows.
"""

from __future__ import annotations

import geopandas as gpd

from mapapp.merge import merge_events
from mapapp.store import STORED_FIELDS, event_row, frame_to_events, rows_to_frame


def merged(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The same events with reports of one event from several articles merged into one row
    listing every source and the range of claimed fatalities."""
    if len(gdf) < 2:
        return gdf
    events = merge_events(frame_to_events(gdf))
    rows = []
    for event in events:
        row = event_row(event)
        rows.append([row[name] for name in STORED_FIELDS] + [row["geometry"]])
    out = rows_to_frame(rows)
    return out.sort_values(["event_date", "event_id"], kind="stable").reset_index(drop=True)
