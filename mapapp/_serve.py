"""The server process of ``conflictmap serve``: warm the page's caches, then run Streamlit.

Run as ``python -m mapapp._serve SCRIPT [streamlit flags]``. Warming happens before the
server listens, so the first visitor finds the imports done and the unfiltered view
computed (on a 100k-event store that is most of the first page load). A store that cannot
be read is reported in one line and the page starts anyway: it shows the same error.
"""

from __future__ import annotations

import sys
import time

from mapapp import page
from mapapp.errors import StoreBusyError, StoreCorruptError
from mapapp.settings import Settings


def main(argv: list[str]) -> None:
    settings = Settings()
    start = time.monotonic()
    try:
        events = page.warm(str(settings.db), float(settings.lock_timeout),
                           int(settings.table_rows))
        print(f"conflictmap: first view ready ({events:,} events, "
              f"{time.monotonic() - start:.1f} s)", flush=True)
    except (StoreBusyError, StoreCorruptError, OSError, ValueError) as exc:
        print(f"conflictmap: page not warmed ({exc}); starting anyway", flush=True)
    from streamlit.web import cli

    cli.main(["run", *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
