"""Offline map assets: every JS/CSS link folium or a plugin asks for is pointed at a vendored
copy under ``static/vendor`` (built by ``scripts/vendor-assets.sh``), links with no local copy
are dropped, and a saved map can have every asset inlined so one HTML file works offline.

streamlit-folium loads the ``default_js`` links of each element one by one and the first one
that fails blanks the whole map, so a single CDN link left behind breaks offline use.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import branca
import folium
from folium.elements import JSCSSMixin

_E = TypeVar("_E", bound=branca.element.Element)

STATIC_DIR: Path = Path(__file__).resolve().parent.parent / "static"
"""The folder Streamlit serves at ``/app/static`` (``server.enableStaticServing``)."""

PAGE_BASE_URL = "/app/static"

# Keyed by the file name at the end of the CDN URL, so a folium upgrade that only bumps a
# version in its URLs keeps working.
_LOCAL_BY_BASENAME: dict[str, str] = {
    "leaflet.js": "vendor/leaflet/leaflet.js",
    "leaflet.css": "vendor/leaflet/leaflet.css",
    "jquery-3.7.1.min.js": "vendor/jquery/jquery.min.js",
    "jquery.min.js": "vendor/jquery/jquery.min.js",
    "bootstrap.bundle.min.js": "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "bootstrap.min.css": "vendor/bootstrap/css/bootstrap.min.css",
    "all.min.css": "vendor/fontawesome-free/css/all.min.css",
    "leaflet.awesome-markers.js": "vendor/leaflet.awesome-markers/leaflet.awesome-markers.js",
    "leaflet.awesome-markers.css": "vendor/leaflet.awesome-markers/leaflet.awesome-markers.css",
    "leaflet.markercluster.js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "MarkerCluster.css": "vendor/leaflet.markercluster/MarkerCluster.css",
    "MarkerCluster.Default.css": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "leaflet_heat.min.js": "vendor/folium/leaflet_heat.min.js",
    "leaflet.timeline.min.js": "vendor/leaflet.timeline/leaflet.timeline.js",
    "moment.min.js": "vendor/moment/min/moment.min.js",
}

# Links folium adds that nothing on our map uses and npm has no copy of (Bootstrap 3
# glyphicons, folium's awesome-marker rotation CSS): dropped without a warning.
_DROP_QUIETLY: frozenset[str] = frozenset({
    "bootstrap-glyphicons.css",
    "leaflet.awesome.rotate.min.css",
})

_SETUP_JS = "conflictmap/leaflet-setup.js"
"""Sets ``L.Icon.Default.imagePath``; loaded right after leaflet.js."""


def local_path(url: str) -> str | None:
    """The vendored file (relative to ``static/``) that replaces ``url``, or None."""
    if not url.startswith(("http://", "https://", "//")):
        return None
    name = url.rsplit("/", 1)[-1]
    return _LOCAL_BY_BASENAME.get(name)


def vendored(basename: str) -> str:
    """Page URL of a vendored file, for our own layers' ``default_js``/``default_css``."""
    return f"{PAGE_BASE_URL}/{_LOCAL_BY_BASENAME[basename]}"


def leaflet_only(m: folium.Map) -> folium.Map:
    """Drop the libraries folium's Map brings for features our maps never use (jQuery and
    Bootstrap for ``folium.Popup``, Font Awesome and awesome-markers for ``folium.Icon``).
    streamlit-folium loads scripts one after another, so each one costs a round trip and a
    parse before the map appears. Plugins that need a library still list it themselves."""
    m.default_js = [(name, url) for name, url in m.default_js if name == "leaflet"]
    m.default_css = [(name, url) for name, url in m.default_css if name == "leaflet_css"]
    return m


def _walk(element: branca.element.Element) -> Iterator[branca.element.Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _rewrite(links: list[tuple[str, str]], base: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in links:
        if url.startswith(base + "/"):
            out.append((name, url))
            continue
        own = url.startswith(PAGE_BASE_URL + "/")  # our layers, re-based for static HTML
        rel = url[len(PAGE_BASE_URL) + 1:] if own else local_path(url)
        if rel is not None:
            out.append((name, f"{base}/{rel}"))
            if rel == _LOCAL_BY_BASENAME["leaflet.js"]:
                out.append(("conflictmap_leaflet_setup", f"{base}/{_SETUP_JS}"))
        elif url.rsplit("/", 1)[-1] not in _DROP_QUIETLY:
            warnings.warn(f"dropped map asset with no vendored copy: {url}", stacklevel=3)
    return out


def localise(m: _E, base: str = PAGE_BASE_URL) -> _E:
    """Point every JS/CSS link of ``m`` and its children at vendored copies under ``base``
    (in place).

    Per-instance attributes, so folium's classes stay untouched for other callers.
    """
    for element in _walk(m):
        if isinstance(element, JSCSSMixin):
            element.default_js = _rewrite(list(element.default_js), base)
            element.default_css = _rewrite(list(element.default_css), base)
    return m


def cache_file(prefix: str, data: bytes, suffix: str = ".json") -> str:
    """Write ``data`` under ``static/cache/`` as ``<prefix>-<content hash><suffix>`` unless
    it is there (readers never see a partial file) and return the file's name. The file is
    touched either way: in use, so among the last to be pruned."""
    folder = STATIC_DIR / "cache"
    folder.mkdir(exist_ok=True)
    name = f"{prefix}-{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
    target = folder / name
    if not target.exists():
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    target.touch()
    return name


def one_script(*elements: branca.element.Element, base: str = PAGE_BASE_URL) -> None:
    """Give the first element one script holding every vendored script of ``elements`` and
    their children, in load order, and clear theirs (in place).

    streamlit-folium waits for each script before asking for the next, so four libraries
    cost four round trips and four parses before the map draws; one file costs one. The
    file is named by its content under ``static/cache/`` and written once.
    """
    owners = [e for root in elements for e in _walk(root) if isinstance(e, JSCSSMixin)]
    urls = tuple(dict.fromkeys(url for e in owners for _, url in e.default_js))
    name = _BUNDLES.get((urls, base))
    if name is None or not (STATIC_DIR / "cache" / name).is_file():
        paths = [_static_file(url, base) for url in urls]
        if not urls or any(p is None for p in paths):  # a link we cannot read stays as is
            return
        code = b"\n;\n".join(p.read_bytes() for p in paths if p is not None)
        name = _BUNDLES[(urls, base)] = cache_file("lib", code, ".js")
    for e in owners:
        e.default_js = []
    owners[0].default_js = [("conflictmap_lib", f"{base}/cache/{name}")]


_BUNDLES: dict[tuple[tuple[str, ...], str], str] = {}
"""Script lists already bundled in this process → file name (a page rerun reads nothing)."""


_SCRIPT_RE = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_CSS_RE = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"/>')
_INLINE_SUFFIXES = frozenset({".woff2", ".png", ".gif", ".svg"})
"""Referenced files worth inlining; fallbacks (.ttf) stay relative since browsers that take
the inlined woff2 never ask for them."""
_CSS_URL_RE = re.compile(r"url\((?P<q>['\"]?)(?P<ref>[^)'\"]+)(?P=q)\)")


def _static_file(url: str, base: str) -> Path | None:
    if not url.startswith(base + "/"):
        return None
    path = (STATIC_DIR / url[len(base) + 1:]).resolve()
    return path if path.is_relative_to(STATIC_DIR) and path.is_file() else None


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    """CSS text with each relative ``url()`` that names a vendored file made a data URI."""

    def repl(match: re.Match[str]) -> str:
        ref = match.group("ref")
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if (target.suffix in _INLINE_SUFFIXES and target.is_relative_to(STATIC_DIR)
                and target.is_file()):
            return f"url({_data_uri(target)})"
        return match.group(0)

    return _CSS_URL_RE.sub(repl, path.read_text(encoding="utf-8"))


def inline_assets(html: str, base: str = PAGE_BASE_URL) -> str:
    """Replace local ``<script src>``/``<link>`` tags with the files' contents."""

    def script(match: re.Match[str]) -> str:
        path = _static_file(match.group("url"), base)
        if path is None:
            return match.group(0)
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def css(match: re.Match[str]) -> str:
        path = _static_file(match.group("url"), base)
        if path is None:
            return match.group(0)
        text = _inline_css(path).replace("</style", "<\\/style")
        return f"<style>{text}</style>"

    return _CSS_RE.sub(css, _SCRIPT_RE.sub(script, html))
