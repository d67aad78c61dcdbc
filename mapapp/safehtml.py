"""The one escaping helper (DESIGN.md §6) for every untrusted string that reaches HTML.

``html.escape`` alone is not enough here: folium renders templates with Jinja on the server
(``{{ }}``, ``{% %}``) and builds tooltips inside JavaScript template literals (``${}``,
backticks), so those characters become numeric entities too. Escape a display copy only —
the store and exports keep raw values.
"""

from __future__ import annotations

import html

_EXTRA = str.maketrans({
    "{": "&#123;",
    "}": "&#125;",
    "$": "&#36;",
    "`": "&#96;",
    "\\": "&#92;",
})


def escape(text: object) -> str:
    """Return ``text`` as inert HTML text: no tags, no Jinja, no template-literal code."""
    return html.escape("" if text is None else str(text), quote=True).translate(_EXTRA)
