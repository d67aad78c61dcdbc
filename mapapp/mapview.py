"""The event map: folium + Leaflet, offline by default, fast enough for 100k events.

Events are not folium Markers (100k of them take ~18 s and 21 MB). Each distinct escaped HTML
fragment is shipped once in a string table, points are compact rows (a few thousand clustered
by Leaflet.markercluster as DOM markers; more drawn on one canvas, aggregated on a grid of the
current view), and popups are assembled in the browser from those fragments
only when clicked. Region-precision events are drawn as their region's outline and border
events on the border line, never as a pin at a centroid.
"""

from __future__ import annotations

import fnmatch
import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import folium
import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import shapely
import xyzservices
from branca.element import Element
from folium.elements import ElementAddToElement, JSCSSMixin
from folium.map import Layer
from folium.plugins import HeatMap, Timeline, TimelineSlider
from folium.template import Template
from folium.utilities import JsCode

from gazetteer.model import Mention
from mapapp import _assets
from mapapp._assets import one_script
from mapapp._popups import (
    BATCHED,
    DETAIL_PARTS,
    POPUP_PARTS,
    claims_key,
    escape_many,
    mentions_html,
    popup_html,
)
from mapapp.safehtml import escape
from mapapp.schema import EVENT_FIELDS, Event
from mapapp.store import core_of, no_gc

ATTRIBUTION = "Place names: GeoNames (geonames.org), CC BY 4.0 · Made with Natural Earth"

PALETTE: tuple[str, ...] = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                            "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")
UNKNOWN_COLOR = "#555555"

SHAPES: dict[str, str] = {
    "Battles": "circle",
    "Explosions/Remote violence": "triangle",
    "Violence against civilians": "diamond",
    "Strategic developments": "square",
    "Protests": "hexagon",
    "Riots": "star",
}
OTHER_SHAPE = "ring"

_SVG_SHAPES: dict[str, str] = {
    "circle": '<circle cx="7" cy="7" r="5.5"/>',
    "triangle": '<polygon points="7,1 13,12.5 1,12.5"/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"/>',
    "hexagon": '<polygon points="4,1 10,1 13,7 10,13 4,13 1,7"/>',
    "star": '<polygon points="7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 '
            '0.5,5.2 5.2,5"/>',
    "ring": '<circle cx="7" cy="7" r="4.5" fill="none" stroke-width="3"/>',
}

CHOROPLETH_COLORS: tuple[str, ...] = ("#fff5eb", "#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d",
                                      "#a63603")
"""Sequential oranges, light to dark (no branca colormap: it would pull d3 from a CDN)."""

DEFAULT_BOUNDS = ((38.0, 43.5), (42.5, 49.5))
"""South-west and north-east (lat, lon) of the South Caucasus, the view with no events."""
PRECISE = 5
"""The first view fits the events placed at least this precisely (UCDP where_prec; 6 is a
whole country), so a few "Russia said" events do not zoom the map out to Russia."""

TIMELINE_MAX_EVENTS = 5000
"""The time slider draws each event as its own layer; above this it is left off."""

CANVAS_MIN_POINTS = 2000
"""Above this many point events the map draws them on a canvas, aggregated on a grid per
view, instead of as Leaflet.markercluster DOM markers (clustering 100k markers took 5–6 s)."""


_OUTLINES: dict[str, list[list[float]]] = {
    name: [[float(x), float(y)] for x, y in re.findall(r"([\d.]+),([\d.]+)", svg)]
    for name, svg in _SVG_SHAPES.items() if "<polygon" in svg}
_OUTLINES["square"] = [[1.5, 1.5], [12.5, 1.5], [12.5, 12.5], [1.5, 12.5]]
"""The polygon shapes' outlines for canvas drawing (same 14 px box as the SVG icons)."""


def svg_icon(shape: str, color: str, size: int = 14) -> str:
    """An inline SVG marker (shape = event type, fill = party); also used by the legend."""
    body = _SVG_SHAPES.get(shape, _SVG_SHAPES[OTHER_SHAPE])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
            f'viewBox="0 0 14 14" fill="{color}" stroke="#222" stroke-width="1">'
            f"{body}</svg>")


def acting_party(parties: Any, actor1: Any) -> str:
    """The party an event is coloured by: its first normalised party, else actor1."""
    if parties is not None and len(parties) > 0:
        return str(parties[0])
    return str(actor1 or "") or "Unknown"


def party_colors(parties: Sequence[str]) -> dict[str, str]:
    """Stable colours: sorted party names take the palette in order (it repeats past 10)."""
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(sorted(set(parties)))}


def _json(value: Any) -> str:
    """JSON safe to embed in a <script> block."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class _StringTable:
    """Each distinct fragment once; rows refer to it by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.items: list[str] = []

    def ref(self, text: str) -> int:
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.items)
            self.items.append(text)
        return i


_EVENT_JS = """

{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.featureGroup();
(function (group) {
  var CANVAS_MIN = {{ this.canvas_min }}, CELL = 60, POPUP_EVENTS = 10;
  // outlines of the legend's SVG shapes in its 14 px box (circle and ring are arcs)
  var OUTLINES = {{ this.outlines }};
  // S, T: the popup fragments (shared ones, and per-event sentence and id). Published
  // apart from the rows and fetched after the points are drawn; the same files serve every
  // filtered view of a store revision, so they are kept here across map updates. A popup
  // opened before they arrive waits for them.
  // Q: each row's seven fragment refs (only a click needs them), fetched with S and T.
  var S = null, T = null, Q = null, waiting = [];
  var TABLES = window.conflictmapTables = window.conflictmapTables || {};
  function withTables(f) { if (S && T && Q) { f(); } else { waiting.push(f); } }
  function table(url) {
    if (!TABLES[url]) {
      TABLES[url] = fetch(url).then(function (r) { return r.json(); });
    }
    return TABLES[url];
  }
  function tables(D) {
    if (D.strings) { S = D.strings; T = D.details; Q = D.popups; return; }
    Promise.all([table(D.strings_url), table(D.details_url), table(D.popups_url)]
                ).then(function (st) {
      S = st[0]; T = st[1]; Q = st[2];
      waiting.splice(0).forEach(function (f) { f(); });
    });
  }
  function html(k) {
    var r = Q[k];
    return "<b>Date:</b> " + S[r[0]] + "<br><b>Type:</b> " + S[r[1]] +
      "<br><b>Fatalities:</b> " + S[r[2]] + "<b>Place:</b> " + S[r[3]] +
      "<br><blockquote>" + T[r[4]] + "</blockquote><b>Source:</b> " + S[r[5]] +
      '<div class="cm-id">event ' + T[r[6]] + "</div>";
  }
  // One event's popup, or (an outline several events share) the first POPUP_EVENTS of them
  function htmlOf(ks) {
    if (ks.length === 1) { return html(ks[0]); }
    var shown = ks.slice(0, POPUP_EVENTS).map(html).join("<hr>");
    var more = ks.length - Math.min(ks.length, POPUP_EVENTS);
    return "<b>" + ks.length + " events on this outline</b><hr>" + shown +
      (more ? "<hr><i>... and " + more + " more: the table lists them all</i>" : "");
  }
  function lazyPopup(layer, k) {
    var ks = [].concat(k);
    layer.on("click", function (e) {
      withTables(function () {
        if (layer.getPopup()) { return; }
        var el = document.createElement("div");
        el.className = "cm-popup";
        el.innerHTML = htmlOf(ks);
        layer.bindPopup(el, ks.length > 1 ? {maxWidth: 380, maxHeight: 320} : {maxWidth: 380});
        layer.openPopup(e.latlng);
      });
    });
  }
  // A party-coloured, type-shaped point drawn on a shared canvas (no DOM node per event).
  var Shape = L.CircleMarker.extend({
    _updatePath: function () {
      var rd = this._renderer;
      if (!rd._drawing || this._empty()) { return; }
      var p = this._point, ctx = rd._ctx, k = this._radius / 6.5;
      var pts = OUTLINES[this.options.shape];
      ctx.beginPath();
      if (!pts) {
        ctx.arc(p.x, p.y, k * (this.options.shape === "ring" ? 4.5 : 5.5), 0, Math.PI * 2);
      } else {
        for (var i = 0; i < pts.length; i++) {
          var x = p.x + (pts[i][0] - 7) * k, y = p.y + (pts[i][1] - 7) * k;
          if (i) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); }
        }
        ctx.closePath();
      }
      rd._fillStroke(ctx, this);
    }
  });
  // Many points: a grid aggregation of the points in view, redone on each move (a pass
  // over typed arrays), clusters as count badges, single points as canvas shapes.
  var Grid = L.Layer.extend({
    initialize: function (P, STY) {
      var n = P.length;
      this._P = P; this._STY = STY;
      this._X = new Float64Array(n); this._Y = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        var s = Math.sin(P[i][0] * Math.PI / 180);
        this._X[i] = (P[i][1] + 180) / 360;
        this._Y[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      }
      this._canvas = L.canvas({padding: 0.3});
      this._clusters = L.featureGroup();
      this._singles = L.featureGroup();
      this._shown = new Map();
    },
    onAdd: function (map) {
      this._clusters.addEventParent(this);
      this._singles.addEventParent(this);
      map.addLayer(this._singles);
      map.addLayer(this._clusters);
      map.on("moveend", this._draw, this);
      this._draw();
    },
    onRemove: function (map) {
      map.off("moveend", this._draw, this);
      map.removeLayer(this._clusters);
      map.removeLayer(this._singles);
      this._shown.clear();
      this._singles.clearLayers();
    },
    _single: function (i) {
      var r = this._P[i], st = this._STY[r[2]], ring = st[1] === "ring";
      var mk = new Shape([r[0], r[1]], {renderer: this._canvas, radius: 6.5,
        shape: st[1], color: ring ? st[0] : "#222", weight: ring ? 3 : 1,
        fill: !ring, fillColor: st[0], fillOpacity: 0.95});
      lazyPopup(mk, r[3]);
      return mk;
    },
    _draw: function () {
      var map = this._map;
      if (!map) { return; }
      var z = map.getZoom(), scale = 256 * Math.pow(2, z), last = z >= map.getMaxZoom();
      var b = map.getPixelBounds(), size = map.getSize();
      var x0 = b.min.x - size.x / 2, x1 = b.max.x + size.x / 2;
      var y0 = b.min.y - size.y / 2, y1 = b.max.y + size.y / 2;
      var X = this._X, Y = this._Y, cells = new Map();
      for (var i = 0; i < X.length; i++) {
        var px = X[i] * scale, py = Y[i] * scale;
        if (px < x0 || px > x1 || py < y0 || py > y1) { continue; }
        var key = Math.floor(px / CELL) * 1048576 + Math.floor(py / CELL);
        var c = cells.get(key);
        if (c === undefined) { cells.set(key, [i]); } else { c.push(i); }
      }
      var keep = new Map(), self = this, P = this._P;
      this._clusters.clearLayers();
      cells.forEach(function (members) {
        if (members.length === 1 || last) {
          for (var j = 0; j < members.length; j++) {
            var k = members[j], mk = self._shown.get(k);
            if (mk === undefined) { mk = self._single(k); self._singles.addLayer(mk); }
            keep.set(k, mk);
          }
          return;
        }
        var lat = 0, lon = 0;
        for (var m = 0; m < members.length; m++) {
          lat += P[members[m]][0]; lon += P[members[m]][1];
        }
        var n = members.length, cls = n < 10 ? "small" : n < 100 ? "medium" : "large";
        var badge = L.marker([lat / n, lon / n], {icon: L.divIcon({
          html: "<div><span>" + n + "</span></div>", iconSize: [40, 40],
          className: "marker-cluster marker-cluster-" + cls})});
        badge.on("click", function () {
          var bounds = L.latLngBounds([]);
          for (var q = 0; q < members.length; q++) {
            bounds.extend([P[members[q]][0], P[members[q]][1]]);
          }
          map.fitBounds(bounds, {maxZoom: map.getMaxZoom(), padding: [30, 30]});
        });
        self._clusters.addLayer(badge);
      });
      this._shown.forEach(function (mk, k) {
        if (!keep.has(k)) { self._singles.removeLayer(mk); }
      });
      this._shown = keep;
    }
  });
  function build(D) {
    var P = D.points, G = D.geometries, A = D.areas, STY = D.styles;
    // data-cm-events is set once every point is clustered and drawn (tests and the
    // benchmark wait on it), not when the first chunk shows
    var done = P.length === 0, points;
    if (P.length > CANVAS_MIN) {
      points = new Grid(P, STY);
      done = true;
    } else {
      var icons = STY.map(function (s) {
        return L.divIcon({html: s[2], className: "cm-icon", iconSize: [14, 14]});
      });
      points = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 45,
        spiderfyOnMaxZoom: true, showCoverageOnHover: false,
        chunkProgress: function (k, total) {
          if (k === total) { done = true; setTimeout(mark, 0); }
        }});
      var markers = new Array(P.length);
      for (var i = 0; i < P.length; i++) {
        var r = P[i];
        var mk = L.marker([r[0], r[1]], {icon: icons[r[2]]});
        lazyPopup(mk, r[3]);
        markers[i] = mk;
      }
      points.addLayers(markers);
    }
    // Events sharing an outline and a style are drawn once (a thousand translucent copies
    // of one country would paint it opaque, and redraw it a thousand times on every pan);
    // its popup lists them.
    var areas = L.featureGroup(), shared = {}, keys = [];
    for (var j = 0; j < A.length; j++) {
      var key = A[j][0] + " " + A[j][1];
      if (!shared[key]) { shared[key] = []; keys.push(key); }
      shared[key].push(A[j][2]);
    }
    keys.forEach(function (key) {
      var gs = key.split(" "), s = STY[+gs[1]];
      var shape = L.geoJSON(G[+gs[0]], {style: {color: s[0], weight: s[1] === "line" ? 4 : 2,
        dashArray: s[1] === "line" ? "8 6" : "6 4", fillColor: s[0], fillOpacity: 0.06}});
      lazyPopup(shape, shared[key]);
      areas.addLayer(shape);
    });
    var n = P.length + A.length;
    function mark() {
      if (!done || !group._map) { return; }
      group._map.getContainer().setAttribute("data-cm-events", String(n));
      window.conflictmapEvents = n;
    }
    group.on("add", mark);
    group.addLayer(points);
    group.addLayer(areas);
    mark();
  }
  {% if this.data_url %}
  fetch({{ this.data_url }}).then(function (r) { return r.json(); }).then(function (D) {
    build(D);
    tables(D);
  }){% if this.drawn_value %}.finally(function () {
    // once per map frame, drawn or not: the page waits for this to draw the rest
    if (window.conflictmapReported || window.parent === window) { return; }
    window.conflictmapReported = true;
    window.parent.postMessage({isStreamlitMessage: true, dataType: "json",
      type: "streamlit:setComponentValue", value: {{ this.drawn_value }}}, "*");
  }){% endif %};
  {% else %}
  (function (D) { tables(D); build(D); })({{ this.data }});
  {% endif %}
})({{ this.get_name() }});
{% endmacro %}
"""


class _Rendered(Element):
    """Script text that is already rendered. branca wraps each macro's output in a new
    Element, i.e. compiles it as a Jinja template: for megabytes of event data that costs
    seconds (and would evaluate any template syntax left in the data)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _DataLayer(Layer):
    """A layer whose rendered script goes into the page as-is (see :class:`_Rendered`)."""

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, folium.Figure), "render the layer inside a map"
        assert self._parent is not None
        if self.show:
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=self._parent.get_name()),
                           name=self.get_name() + "_add")
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Rendered(str(script(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""


class _EventLayer(JSCSSMixin, _DataLayer):
    """All events of the view in one overlay: clustered points plus outlines and lines."""

    _template = Template(_EVENT_JS)
    default_js = [("markerclusterjs", _assets.vendored("leaflet.markercluster.js"))]
    default_css = [("markerclustercss", _assets.vendored("MarkerCluster.css")),
                   ("markerclusterdefaultcss", _assets.vendored("MarkerCluster.Default.css"))]

    def __init__(self, payload: Mapping[str, Any] | str, name: str = "Events", *,
                 canvas_min: int = CANVAS_MIN_POINTS,
                 drawn_value: Mapping[str, Any] | None = None) -> None:
        """``payload`` is :func:`event_payload` (embedded) or the URL it was published at;
        above ``canvas_min`` points they are drawn on a canvas (see CANVAS_MIN_POINTS).
        ``drawn_value``: see :func:`event_group`."""
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "EventLayer"
        self.canvas_min = int(canvas_min)
        self.drawn_value = _json(dict(drawn_value)) if drawn_value is not None else ""
        self.outlines = _json(_OUTLINES)
        if isinstance(payload, str):
            self.data_url, self.data = _json(payload), ""
        else:
            self.data_url, self.data = "", _json({k: v for k, v in payload.items()
                                                  if k != "row_ids"})


_VECTOR_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
  attribution: {{ this.attribution }},
  interactive: {{ this.interactive }},
  style: function (f) { return f.properties.style; },
  onEachFeature: function (f, layer) {
    if (f.properties.tip) { layer.bindTooltip(f.properties.tip, {sticky: true}); }
  }
});
{% endmacro %}
"""


class _VectorLayer(_DataLayer):
    """A GeoJSON layer whose per-feature style and (already escaped) tooltip come in the data.

    Lighter than folium.GeoJson, which re-serialises and restyles every feature in Python.
    """

    _template = Template(_VECTOR_JS)

    def __init__(self, features: list[dict[str, Any]], name: str, *, attribution: str = "",
                 interactive: bool = True, show: bool = True, control: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "VectorLayer"
        self.data = _json({"type": "FeatureCollection", "features": features})
        self.attribution = _json(escape(attribution))
        self.interactive = "true" if interactive else "false"


_LEGEND_JS = """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control({position: "topright"});
{{ this.get_name() }}.onAdd = function () {
  var div = L.DomUtil.create("div", "cm-legend");
  div.innerHTML = {{ this.html }};
  L.DomEvent.disableScrollPropagation(div);
  return div;
};
(function (legend, parent) {
  if (parent.getContainer) { legend.addTo(parent); return; }
  // inside a feature group: follow it on and off the map
  parent.on("add", function () { legend.addTo(parent._map); });
  parent.on("remove", function () { legend.remove(); });
  if (parent._map) { legend.addTo(parent._map); }
})({{ this.get_name() }}, {{ this._parent.get_name() }});
{% endmacro %}
"""


class _Legend(folium.MacroElement):
    """A Leaflet control holding pre-escaped legend HTML."""

    _template = Template(_LEGEND_JS)

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = _json(html)


def _round_coords(obj: Any, nd: int = 5) -> Any:
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, (list, tuple)):
        return [_round_coords(v, nd) for v in obj]
    return obj


def _geometry_json(geom: shapely.Geometry, nd: int = 5) -> dict[str, Any]:
    mapped = shapely.geometry.mapping(geom)
    return {"type": mapped["type"], "coordinates": _round_coords(mapped["coordinates"], nd)}




PAYLOAD_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(
    ["event_id", "parties", "actor1", "event_type",
     *(f for fields, _ in POPUP_PARTS for f in fields)]))
"""The event fields :func:`event_payload` reads (``Store.columns`` fetches just these)."""


def _part_refs(cols: Mapping[str, list[Any]], n: int, table: _StringTable,
               details: _StringTable) -> list[list[int]]:
    """Per popup part, each event's string-table ref; each distinct fragment built once.
    Shared parts index ``table``, per-event ones (:data:`DETAIL_PARTS`, the id) ``details``."""
    columns: dict[str, list[Any]] = {}
    keys: dict[str, list[Any]] = {}
    refs: list[list[int]] = []
    for fields, build in POPUP_PARTS:
        for name in fields:
            if name not in columns:
                values = list(cols[name]) if name in cols else [None] * n
                columns[name] = values
                # claim lists are not hashable: key them by what the popup shows of them
                keys[name] = ([claims_key(v) for v in values] if name == "fatality_claims"
                              else values)
        target = details if build in DETAIL_PARTS else table
        if build in BATCHED:
            refs.append([target.ref(t) for t in BATCHED[build](columns)])
            continue
        memo: dict[tuple[Any, ...], int] = {}
        part: list[int] = []
        for i, key in enumerate(zip(*(keys[f] for f in fields), strict=True)):
            ref = memo.get(key)
            if ref is None:
                row = {f: columns[f][i] for f in fields}
                ref = memo[key] = target.ref(build(row))
            part.append(ref)
        refs.append(part)
    refs.append([details.ref(v) for v in escape_many([str(v) for v in cols["event_id"]])])
    return refs


def _frame_columns(events: gpd.GeoDataFrame) -> dict[str, list[Any]]:
    """A frame in the shape of ``Store.columns``: points as x/y, other shapes as geometry."""
    cols = {f: events[f].tolist() for f in PAYLOAD_FIELDS if f in events}
    geoms = np.asarray(events.geometry.values)
    points = (shapely.get_type_id(geoms) == 0).tolist()
    xs, ys = shapely.get_x(geoms).tolist(), shapely.get_y(geoms).tolist()
    cols["x"] = [x if p else None for p, x in zip(points, xs, strict=True)]
    cols["y"] = [y if p else None for p, y in zip(points, ys, strict=True)]
    cols["geometry"] = [None if p else g for p, g in zip(points, geoms.tolist(), strict=True)]
    return cols


def event_payload(events: gpd.GeoDataFrame | Mapping[str, list[Any]],
                  colors: Mapping[str, str]) -> dict[str, Any]:
    """The compact, escaped data the event layer ships to the browser.

    ``events`` is a frame (columns EVENT_FIELDS) or ``Store.columns(flt, PAYLOAD_FIELDS)``
    (plain lists; no frame to build for 100k events).
    ``points``: [lat, lon, style, popup row]; ``areas``: [geometry, style, popup row];
    ``styles``: [colour, "area"|"line"|shape, svg]. ``popups`` holds each row's 7 fragment
    refs (published as a table and fetched after drawing: at 100k events they were most of
    the rows' bytes); refs 5 and 7 (sentence, event id) index ``details``, the others
    ``strings``. ``row_ids`` (the event id of each point and area row) is for
    :func:`payload_subset` and is not published.
    """
    with no_gc():  # hundreds of thousands of small lists and strings, none of them garbage
        cols = _frame_columns(events) if isinstance(events, pd.DataFrame) else events
        return _event_payload(cols, colors)


def _event_payload(cols: Mapping[str, list[Any]], colors: Mapping[str, str]
                   ) -> dict[str, Any]:
    table, details = _StringTable(), _StringTable()
    styles: dict[tuple[str, str], int] = {}
    style_rows: list[list[str]] = []
    geoms: dict[Any, int] = {}
    by_text: dict[str, tuple[int, str]] = {}  # GeoJSON text -> (geometry row, line/area)
    geom_rows: list[dict[str, Any]] = []
    points: list[list[Any]] = []
    areas: list[list[Any]] = []
    popups: list[tuple[int, ...]] = []

    def style(color: str, shape: str) -> int:
        key = (color, shape)
        if key not in styles:
            styles[key] = len(style_rows)
            style_rows.append([color, shape, svg_icon(shape, color)])
        return styles[key]

    n = len(cols["event_id"])
    part_refs = list(zip(*_part_refs(cols, n, table, details), strict=True)) if n else []
    point_ids: list[str] = []
    area_ids: list[str] = []
    rows = zip(cols["event_id"], cols["parties"], cols["actor1"], cols["event_type"], cols["x"],
               cols["y"], cols["geometry"], strict=True)
    for i, (event_id, parties, actor1, etype, x, y, geom) in enumerate(rows):
        color = colors.get(acting_party(parties, actor1), UNKNOWN_COLOR)
        if x is not None and x == x:  # NaN: an empty point
            shape = SHAPES.get(str(etype or ""), OTHER_SHAPE)
            points.append([round(y, 5), round(x, 5), style(color, shape), len(popups)])
            popups.append(part_refs[i])
            point_ids.append(event_id)
            continue
        if geom is None:
            continue
        # Thousands of events may share a region's outline: each text is parsed once.
        known = by_text.get(geom) if isinstance(geom, str) else None
        if known is None:
            shp = shapely.from_geojson(geom) if isinstance(geom, str) else geom
            if shp is None or shp.is_empty:
                continue
            key = shapely.to_wkb(shp)
            gi = geoms.get(key)
            if gi is None:
                gi = geoms[key] = len(geom_rows)
                geom_rows.append(_geometry_json(shp))
            known = (gi, "line" if "LineString" in shp.geom_type else "area")
            if isinstance(geom, str):
                by_text[geom] = known
        gi, line = known
        areas.append([gi, style(color, line), len(popups)])
        popups.append(part_refs[i])
        area_ids.append(event_id)
    return {"strings": table.items, "details": details.items, "popups": popups,
            "points": points,
            "areas": areas, "geometries": geom_rows, "styles": style_rows,
            "row_ids": {"points": point_ids, "areas": area_ids}}


def _legend_scale(label: str, breaks: Sequence[float]) -> str:
    rows = [f"<b>{escape(label)} per admin-1</b>"]
    for color, lo, hi in zip(CHOROPLETH_COLORS, breaks, breaks[1:], strict=False):
        rows.append(f'<span class="sw" style="background:{color}"></span>{lo:g}–{hi:g}')
    return "<br>".join(rows)


def _style(color: str, weight: float, *, fill: str | None = None, fill_opacity: float = 0.0,
           dash: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"color": color, "weight": weight, "fill": fill is not None,
                           "fillColor": fill or color, "fillOpacity": fill_opacity}
    if dash:
        out["dashArray"] = dash
    return out


def _features(gdf: gpd.GeoDataFrame, styler: Any, view: shapely.Geometry
              ) -> list[dict[str, Any]]:
    out = []
    clipped = shapely.clip_by_rect(np.asarray(gdf.geometry.values), *view.bounds)
    for rec, geom in zip(gdf.drop(columns="geometry").to_dict("records"), clipped,
                         strict=True):
        if geom is None or geom.is_empty:
            continue
        name = rec.get("name_en") or rec.get("name") or rec.get("feature_id") or ""
        out.append({"type": "Feature", "geometry": _geometry_json(geom, 4),
                    "properties": {"style": styler(rec), "tip": escape(name)}})
    return out


def _line_style(rec: Mapping[str, Any]) -> dict[str, Any]:
    if "ceasefire" in str(rec.get("feature_id", "")):
        return _style("#b2182b", 2, dash="6 4")
    return _style("#444444", 1.8)


_BASEMAP_LAYERS: tuple[tuple[str, str, Any], ...] = (
    ("Countries", "country", lambda r: _style("#8a8a8a", 1, fill="#f4f1ea", fill_opacity=1.0)),
    ("Admin-1 units", "admin1", lambda r: _style("#b8b0a6", 0.6, dash="2 3")),
    ("Former NKAO (1923–1991)", "area", lambda r: _style("#7b3294", 2, fill="#7b3294",
                                                          fill_opacity=0.05, dash="5 5")),
    ("Borders and 1994 ceasefire line", "line", _line_style),
)
_BASEMAP_CACHE: dict[tuple[int, tuple[int, ...]], tuple[gpd.GeoDataFrame, list[Any]]] = {}


def _basemap_features(pack: gpd.GeoDataFrame, view: tuple[int, int, int, int]
                      ) -> list[list[dict[str, Any]]]:
    """Per basemap layer, the pack's features clipped to ``view`` (cached: the pack and
    whole-degree views repeat on every filter change)."""
    key = (id(pack), view)
    hit = _BASEMAP_CACHE.get(key)
    if hit is not None and hit[0] is pack:
        return hit[1]
    rect = shapely.box(*view)
    near = pack[pack.intersects(rect)]
    layers = [_features(near[near["kind"] == kind], styler, rect)
              for _, kind, styler in _BASEMAP_LAYERS]
    if len(_BASEMAP_CACHE) >= 8:
        _BASEMAP_CACHE.pop(next(iter(_BASEMAP_CACHE)))
    _BASEMAP_CACHE[key] = (pack, layers)
    return layers


_BASEMAP_FETCH_JS = """
{% macro script(this, kwargs) %}
(function (layers) {
  fetch({{ this.url }}).then(function (r) { return r.json(); }).then(function (data) {
    layers.forEach(function (layer, i) { layer.addData(data[i]); });
    // drawn after the events: put them back underneath, countries lowest
    for (var i = layers.length - 1; i >= 0; i--) { layers[i].bringToBack(); }
  });
})([{{ this.layers }}]);
{% endmacro %}
"""


class _BasemapFetch(folium.MacroElement):
    """Fills the (empty) basemap layers from their published file, in layer order."""

    _template = Template(_BASEMAP_FETCH_JS)

    def __init__(self, url: str, layers: Sequence[_VectorLayer]) -> None:
        super().__init__()
        self._name = "BasemapFetch"
        self.url = _json(url)
        self.layers = ", ".join(layer.get_name() for layer in layers)


_BASEMAP_URLS: dict[tuple[int, str], tuple[list[Any], str]] = {}


def _basemap_url(layers: list[list[dict[str, Any]]], base: str) -> str:
    """Publish the basemap layers' features under ``static/cache/`` once (named by their
    content) and return the file's URL."""
    hit = _BASEMAP_URLS.get((id(layers), base))
    if hit is not None and hit[0] is layers and payload_file(hit[1]).is_file():
        return hit[1]
    file = _assets.cache_file("basemap", orjson.dumps(
        [{"type": "FeatureCollection", "features": f} for f in layers]))
    if len(_BASEMAP_URLS) >= 8:
        _BASEMAP_URLS.pop(next(iter(_BASEMAP_URLS)))
    url = _BASEMAP_URLS[(id(layers), base)] = (layers, f"{base}/cache/{file}")
    return url[1]


def _basemap_layers(m: folium.Map, pack: gpd.GeoDataFrame, view: tuple[int, int, int, int],
                    *, fetch: bool, base: str) -> None:
    """Countries, admin-1 units and the reference layers (former NKAO, borders) in view.

    With ``fetch`` the features are published as a static file the browser loads after the
    map's script has run (~300 KB less in every page message; the events need not wait).
    """
    features = _basemap_features(pack, view)
    layers = []
    for (name, _, _), feats in zip(_BASEMAP_LAYERS, features, strict=True):
        data = [] if fetch else feats
        if name == "Countries":
            layer = _VectorLayer(data, name, attribution=ATTRIBUTION, interactive=False,
                                 control=False)
        else:
            layer = _VectorLayer(data, name)
        layer.add_to(m)
        layers.append(layer)
    if fetch:
        _BasemapFetch(_basemap_url(features, base), layers).add_to(m)


def _choropleth(parent: folium.map.Layer | folium.Map, events: gpd.GeoDataFrame, measure: str
                ) -> tuple[str, list[float]]:
    """Events or fatalities per admin-1 unit (``geodata.rollup``), shaded in six classes."""
    import geodata

    units = geodata.rollup(events, by="admin1")
    column = "fatalities" if measure == "fatalities" else "events"
    values = units[column].astype("Float64").fillna(0).to_numpy(float)
    top = max(float(values.max()) if len(values) else 0.0, 1.0)
    breaks = [0.0, *[float(np.ceil(top * f)) for f in (0.1, 0.25, 0.45, 0.7, 1.0)]]
    label = "Fatalities" if measure == "fatalities" else "Events"

    def color(value: float) -> str:
        for i, hi in enumerate(breaks[1:]):
            if value <= hi:
                return CHOROPLETH_COLORS[i]
        return CHOROPLETH_COLORS[-1]

    feats = []
    for name, value, geom in zip(units["name"].tolist(), values.tolist(),
                                 units.geometry.values, strict=True):
        if value <= 0:
            continue
        feats.append({"type": "Feature", "geometry": _geometry_json(geom, 4), "properties": {
            "style": _style("#7f2704", 0.8, fill=color(value), fill_opacity=0.65),
            "tip": f"{escape(name)}: {value:g} {label.lower()}"}})
    _VectorLayer(feats, f"{label} per admin-1").add_to(parent)
    return label, breaks


def _timeline(m: folium.Map, events: gpd.GeoDataFrame, colors: Mapping[str, str]) -> None:
    """folium's Timeline + slider: each event shown from its start day to its end day."""
    feats = []
    days: list[date] = []
    for rec, geom in zip(events.drop(columns="geometry").to_dict("records"),
                         events.geometry.values, strict=True):
        if geom is None or geom.is_empty or not rec.get("event_date"):
            continue
        start = date.fromisoformat(str(rec["event_date"]))
        end = date.fromisoformat(str(rec.get("event_date_end") or rec["event_date"]))
        days += [start, end]
        color = colors.get(acting_party(rec.get("parties"), rec.get("actor1")), UNKNOWN_COLOR)
        feats.append({"type": "Feature", "geometry": _geometry_json(geom.representative_point()
                                                                    if geom.geom_type != "Point"
                                                                    else geom),
                      "properties": {"start": start.isoformat(),
                                     "end": (end + timedelta(days=1)).isoformat(),
                                     "color": color}})
    if not feats:
        return
    timeline = Timeline({"type": "FeatureCollection", "features": feats}, name="Day by day",
                        point_to_layer=JsCode(
                            "function (f, latlng) { return L.circleMarker(latlng, {radius: 6,"
                            " color: '#222', weight: 1, fillColor: f.properties.color,"
                            " fillOpacity: 0.9}); }"))
    timeline.add_to(m)
    span = (max(days) - min(days)).days + 1
    TimelineSlider(auto_play=False, date_options="YYYY-MM-DD", steps=max(span, 1),
                   playback_duration=max(span, 1) * 600).add_timelines(timeline).add_to(m)


_PAGE_CSS = """
{% macro header(this, kwargs) %}
<style>
  .cm-icon { background: none; border: none; }
  .cm-popup { font: 13px/1.35 system-ui, sans-serif; max-height: 340px; overflow-y: auto; }
  .cm-popup blockquote { margin: 4px 0; padding: 4px 6px; border-left: 3px solid #999;
                         background: #f6f6f6; }
  .cm-popup mark { background: #ffe066; padding: 0 1px; }
  .cm-popup ul { margin: 0 0 2px 16px; padding: 0; }
  .cm-id { color: #888; font-size: 11px; margin-top: 4px; }
  .leaflet-container { background: #d8e8f0; }
  .cm-legend { background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 4px;
               font: 12px/1.4 system-ui, sans-serif; max-height: 300px; overflow-y: auto; }
  .cm-legend svg { vertical-align: middle; margin-right: 4px; }
  .cm-legend .sw { display: inline-block; width: 12px; height: 12px; margin-right: 4px;
                   vertical-align: middle; border: 1px solid #999; }
</style>
{% endmacro %}
"""


class _PluginAssets(JSCSSMixin, folium.MacroElement):
    """Loads the plugins (and styles) the event group may use with the map itself:
    streamlit-folium loads scripts and header styles only when the map first mounts, not
    when a feature group changes."""

    _template = Template(_PAGE_CSS)
    default_js = [*_EventLayer.default_js, *HeatMap.default_js]
    default_css = list(_EventLayer.default_css)


def _legend_base(colors: Mapping[str, str], event_types: Sequence[str]) -> str:
    rows = ["<b>Acting party</b>"]
    for party, color in sorted(colors.items()):
        rows.append(f'<span class="sw" style="background:{color}"></span>{escape(party)}')
    rows.append("<b>Event type</b>")
    for etype in sorted(set(event_types)):
        rows.append(svg_icon(SHAPES.get(etype, OTHER_SHAPE), "#777") + escape(etype))
    rows.append("<b>Location precision</b>")
    rows.append('<svg width="14" height="14"><rect x="1" y="1" width="12" height="12" '
                'fill="none" stroke="#555" stroke-dasharray="3 2"/></svg>region (outline)')
    rows.append('<svg width="14" height="14"><line x1="0" y1="7" x2="14" y2="7" '
                'stroke="#555" stroke-width="3" stroke-dasharray="4 2"/></svg>border (line)')
    return "<br>".join(rows)


def events_bounds(events: gpd.GeoDataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """((south, west), (north, east)) of the events placed more precisely than a whole
    country (else of all events), or the region's when there are none."""
    events = events[~(events.geometry.isna() | events.geometry.is_empty)]
    if not len(events):
        return DEFAULT_BOUNDS
    if "where_prec" in events.columns and (events.where_prec <= PRECISE).any():
        events = events[events.where_prec <= PRECISE]
    west, south, east, north = core_of(events)
    return (south, west), (north, east)


def payload_file(url: str) -> Path:
    """The file behind a URL :func:`publish_payload` returned or named."""
    return _assets.STATIC_DIR / "cache" / url.rsplit("/", 1)[-1]


_TABLES = ("strings", "details", "popups")
_UNPUBLISHED = frozenset({*_TABLES, "row_ids"})


def publish_payload(payload: Mapping[str, Any], *, keep: int = 24,
                    base: str = _assets.PAGE_BASE_URL) -> str:
    """Write ``payload`` under ``static/cache/`` and return the URL of its rows file.

    Four files, named by their content: the three popup tables (shared ``strings``, the
    per-event ``details`` and each row's fragment refs, ``popups``: most of the bytes) and
    the rows the map draws, which name the tables (``strings_url``, ``details_url``,
    ``popups_url``). The browser draws the rows first and
    fetches the tables after; every filtered view of a store revision shares the tables
    (:func:`payload_subset`), so a filter change sends only rows. Streamlit serves the
    files like the vendored assets; the newest ``keep`` rows files and tables stay.
    """
    folder = _assets.STATIC_DIR / "cache"
    main = {k: v for k, v in payload.items() if k not in _UNPUBLISHED}
    written: set[str] = set()
    for name in _TABLES:
        # orjson: ~30x faster than json at 100k events
        file = _assets.cache_file("table", orjson.dumps(payload.get(name, [])))
        written.add(file)
        main[f"{name}_url"] = f"{base}/cache/{file}"
    # the table URLs last: published_files reads only the tail
    file = _assets.cache_file("events", orjson.dumps(main))
    written.add(file)
    for pattern, newest in (("events-*.json", keep), ("table-*.json", 3 * keep)):
        # this call's files always stay: modification times can tie within a clock tick
        others = [p for p in folder.glob(pattern) if p.name not in written]
        spare = newest - sum(1 for w in written if fnmatch.fnmatch(w, pattern))
        for old in sorted(others, key=lambda p: p.stat().st_mtime)[:max(0, len(others) - spare)]:
            old.unlink(missing_ok=True)
    return f"{base}/cache/{file}"


def published_files(url: str) -> list[Path]:
    """The rows file at ``url`` and the table files it names (all must exist to draw)."""
    rows = payload_file(url)
    try:
        with rows.open("rb") as f:  # the table URLs are the file's last members
            f.seek(max(0, rows.stat().st_size - 1024))
            tail = f.read()
    except FileNotFoundError:
        return [rows]
    names = re.findall(rb'"(?:strings|details|popups)_url":"[^"]*/(table-[0-9a-f]+\.json)"',
                       tail)
    return [rows, *(rows.with_name(n.decode()) for n in names)]


def payload_subset(payload: Mapping[str, Any], keep: set[str]) -> dict[str, Any]:
    """The rows of ``payload`` whose event id is in ``keep``; same tables, styles and
    geometries (so their published files are shared)."""
    ids = payload["row_ids"]
    points = [r for r, i in zip(payload["points"], ids["points"], strict=True) if i in keep]
    areas = [r for r, i in zip(payload["areas"], ids["areas"], strict=True) if i in keep]
    return {**payload, "points": points, "areas": areas,
            "row_ids": {"points": [i for i in ids["points"] if i in keep],
                        "areas": [i for i in ids["areas"] if i in keep]}}


def base_map(*, bounds: tuple[tuple[float, float], tuple[float, float]] = DEFAULT_BOUNDS,
             basemap: gpd.GeoDataFrame | None = None, colors: Mapping[str, str] | None = None,
             event_types: Sequence[str] = (), online_tiles: bool = False,
             carto_api_key: str = "",
             timeline_events: gpd.GeoDataFrame | None = None, max_zoom: int = 13,
             asset_base: str = _assets.PAGE_BASE_URL,
             fetch_basemap: bool = False) -> folium.Map:
    """Everything but the events: vector basemap, reference layers, legend, optional tiles
    and time slider. Stays the same while filters change, so the page keeps the map mounted
    and swaps only :func:`event_group` (streamlit-folium ``feature_group_to_add``).

    ``fetch_basemap`` (the page) publishes the basemap's features as a static file the
    browser fetches; without it (a saved map) they are in the map's script.
    """
    (south, west), (north, east) = bounds
    view = (math.floor(west) - 4, math.floor(south) - 3, math.ceil(east) + 4,
            math.ceil(north) + 3)
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=7,
                   tiles=None, maxZoom=max_zoom, minZoom=3, prefer_canvas=True,
                   control_scale=True)
    _assets.leaflet_only(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", show=False,
                         max_zoom=max_zoom).add_to(m)
        if carto_api_key:  # Carto's tiles refuse requests without a key
            carto = xyzservices.providers.CartoDB.Positron
            folium.TileLayer(carto.build_url(apikey=carto_api_key, fill_subdomain=False,
                                             scale_factor="{r}"),
                             attr=carto.html_attribution, name="Carto Positron (online)",
                             subdomains=carto.get("subdomains", "abc"), show=False,
                             max_zoom=max_zoom).add_to(m)
    if basemap is not None:
        _basemap_layers(m, basemap, view, fetch=fetch_basemap, base=asset_base)
    _PluginAssets().add_to(m)
    if timeline_events is not None and 0 < len(timeline_events) <= TIMELINE_MAX_EVENTS:
        _timeline(m, timeline_events, colors or {})
    _Legend(_legend_base(colors or {}, event_types)).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    m.fit_bounds([[south, west], [north, east]], padding=(20, 20), max_zoom=10)
    return _assets.localise(m, asset_base)


def event_group(events: gpd.GeoDataFrame | None, *, colors: Mapping[str, str], heat: bool = False,
                choropleth: Literal["events", "fatalities"] | None = None,
                payload: Mapping[str, Any] | str | None = None,
                asset_base: str = _assets.PAGE_BASE_URL,
                canvas_min: int = CANVAS_MIN_POINTS,
                drawn_value: Mapping[str, Any] | None = None) -> folium.FeatureGroup:
    """The filtered events (and the layers computed from them: heat, choropleth).

    ``payload`` is :func:`event_payload` of the same events and colours, or the URL
    :func:`publish_payload` put it at (the browser then fetches it instead of receiving
    megabytes through the page's own messages). ``events`` (the frame) is needed for heat
    and choropleth, and when there is no ``payload``.

    ``drawn_value`` (with a payload URL, inside streamlit-folium): once the fetched events
    are drawn (or failed to load), the map's frame posts it to the Streamlit page as the
    component's value, once per frame; that value change reruns the page's script.
    """
    if events is not None:
        events = events[~(events.geometry.isna() | events.geometry.is_empty)]
    elif payload is None or heat or choropleth is not None:
        raise ValueError("event_group needs the events for heat, choropleth or no payload")
    group = folium.FeatureGroup(name="Events", control=False)
    if choropleth is not None and events is not None and len(events):
        label, breaks = _choropleth(group, events, choropleth)
        _Legend(_legend_scale(label, breaks)).add_to(group)
    if heat and events is not None:
        points = events[events.geom_type == "Point"]
        HeatMap([[round(p.y, 5), round(p.x, 5)] for p in points.geometry.values],
                name="Heat (point events)", radius=14, blur=18, min_opacity=0.3).add_to(group)
    if payload is None:
        assert events is not None  # checked above
        payload = event_payload(events, colors)
    _EventLayer(payload, canvas_min=canvas_min, drawn_value=drawn_value).add_to(group)
    return _assets.localise(group, asset_base)


def build_map(events: gpd.GeoDataFrame, *, basemap: gpd.GeoDataFrame | None = None,
              online_tiles: bool = False, carto_api_key: str = "", heat: bool = False,
              choropleth: Literal["events", "fatalities"] | None = None,
              timeline: bool = False, colors: Mapping[str, str] | None = None,
              asset_base: str = _assets.PAGE_BASE_URL, max_zoom: int = 13,
              canvas_min: int = CANVAS_MIN_POINTS) -> folium.Map:
    """One self-contained map of ``events`` (columns EVENT_FIELDS, shapely geometry,
    EPSG:4326): :func:`base_map` fitted to them plus their :func:`event_group`.

    ``basemap`` is the region pack (``geodata.load_pack()``); without it the map has no land.
    ``colors`` maps party -> colour so colours stay put when filters change.
    """
    colors = dict(colors) if colors is not None else party_colors(
        [acting_party(p, a) for p, a in zip(events["parties"], events["actor1"], strict=True)])
    m = base_map(bounds=events_bounds(events), basemap=basemap, colors=colors,
                 event_types=[str(t) for t in events["event_type"].unique()],
                 online_tiles=online_tiles, carto_api_key=carto_api_key,
                 timeline_events=events if timeline else None,
                 max_zoom=max_zoom, asset_base=asset_base)
    event_group(events, colors=colors, heat=heat, choropleth=choropleth,
                asset_base=asset_base, canvas_min=canvas_min).add_to(m)
    return m


TABLE_COLUMNS: tuple[str, ...] = (
    "event_date", "event_type", "actor1", "actor2", "place_names", "admin1", "country",
    "fatalities", "geo_precision", "date_precision", "title", "event_id",
)

_POPUP_ID = re.compile(r"\bevent ([0-9A-Za-z_-]+)\s*$")


def table_frame(events: gpd.GeoDataFrame, *, limit: int | None = None,
                keep: str | None = None) -> pd.DataFrame:
    """The events as the page's table shows them: plain text columns, one row per event.

    ``limit`` caps the rows (the first ones, plus the event ``keep`` when it is further down).
    """
    rows = events
    if limit is not None and len(events) > limit:
        rows = events.iloc[:limit]
        if keep is not None and keep not in set(rows["event_id"]):
            rows = pd.concat([events[events["event_id"] == keep], rows.iloc[:limit - 1]])
    table = pd.DataFrame(rows[[c for c in TABLE_COLUMNS if c in rows]]).reset_index(drop=True)
    table["parties"] = [", ".join(map(str, p)) for p in rows["parties"].tolist()]
    return table


def mentions_frame(mentions: Sequence[Mention]) -> pd.DataFrame:
    """Every place mention of an article: what it resolved to, or why it was rejected."""
    return pd.DataFrame([{
        "surface": m.surface, "start": m.start, "end": m.end,
        "status": "resolved" if m.place is not None else "rejected",
        "place": m.place.name if m.place is not None else "",
        "place_id": m.place.id if m.place is not None else "",
        "precision": m.precision if m.place is not None else None,
        "reason": m.reason, "score": round(m.score, 3),
    } for m in mentions], columns=["surface", "start", "end", "status", "place", "place_id",
                                   "precision", "reason", "score"])


def events_frame(events: Sequence[Event]) -> pd.DataFrame:
    """Freshly extracted events (not yet queried back) in the table's columns."""
    rows = [e.to_dict() for e in events]
    return pd.DataFrame(rows, columns=list(EVENT_FIELDS))[[*TABLE_COLUMNS[:-1], "sentence"]]


def event_id_from_popup(popup_text: str | None) -> str | None:
    """The event id printed at the foot of a popup (what streamlit-folium returns on click)."""
    match = _POPUP_ID.search(popup_text or "")
    return match.group(1) if match else None


def focus_of(events: gpd.GeoDataFrame, event_id: str) -> tuple[float, float] | None:
    """(lat, lon) to centre the map on one event (a point on its outline/line if not a pin)."""
    rows = events[events["event_id"] == event_id]
    if rows.empty or rows.geometry.iloc[0] is None:
        return None
    anchor = rows.geometry.iloc[0].representative_point()
    return round(anchor.y, 6), round(anchor.x, 6)


def map_html(m: folium.Map) -> str:
    """The map as one offline HTML document: every vendored asset inlined."""
    return _assets.inline_assets(m.get_root().render())


def save_static_html(m: folium.Map, path: str | Path) -> Path:
    """Write :func:`map_html` to ``path`` atomically; the file works with no network."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(map_html(m), encoding="utf-8")
    tmp.replace(target)
    return target


__all__ = [
    "ATTRIBUTION",
    "base_map",
    "build_map",
    "event_group",
    "event_id_from_popup",
    "event_payload",
    "events_bounds",
    "events_frame",
    "focus_of",
    "map_html",
    "one_script",
    "mentions_frame",
    "publish_payload",
    "mentions_html",
    "party_colors",
    "popup_html",
    "save_static_html",
    "table_frame",
]
