"""Region polygons and lines, and joining event geometries to them.

The committed pack (``geodata/data/regions.parquet``, built by ``geodata.build``) holds the
admin-1 units and countries of the world, land borders, the former NKAO and the 1994
ceasefire line. Made with Natural Earth.
"""

from geodata._join import JOIN_COLUMNS, JOIN_STATUS, distance_to_line_km, join, rollup
from geodata._pack import NKAO_LABEL, PACK_PATH, feature, feature_names, load_pack
from geodata.errors import GeodataError

__all__ = [
    "JOIN_COLUMNS",
    "JOIN_STATUS",
    "NKAO_LABEL",
    "PACK_PATH",
    "GeodataError",
    "distance_to_line_km",
    "feature",
    "feature_names",
    "join",
    "load_pack",
    "rollup",
]
