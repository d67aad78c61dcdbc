"""CLI commands for the serve area (registered by ``mapapp.cli``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mapapp.settings import Settings

APP_DIR = Path(__file__).resolve().parent.parent
"""Where ``streamlit_app.py``, ``.streamlit/config.toml`` and ``static/`` live."""


def serve_command(settings: Settings, host: str, port: int) -> tuple[list[str], dict[str, str]]:
    """The exact argv and environment that serve this page on this store: ``mapapp._serve``
    warms the page's caches, then hands the rest of the arguments to ``streamlit run``.

    The config flags repeat ``.streamlit/config.toml`` so the page is offline and private
    whatever folder it is started from. No file watcher: setting it up on the first visit
    (a watch for every imported module) held the server ~0.8 s while the browser waited.
    """
    argv = [sys.executable, "-m", "mapapp._serve", str(APP_DIR / "streamlit_app.py"),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--server.enableStaticServing", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false"]
    env = dict(os.environ)
    for name in ("db", "data_dir", "gazetteer_index"):
        env["CONFLICTMAP_" + name.upper()] = str(settings[name])
    return argv, env


@click.command()
@click.option("--host", default=None, help="Address to bind (default: setting host, "
              "127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port to listen on (default: setting port, 8501).")
@click.pass_obj
def serve(settings: Settings, host: str | None, port: int | None) -> None:
    """Serve the map page (Streamlit) on the configured store."""
    argv, env = serve_command(settings, host or settings.host, port or settings.port)
    os.chdir(APP_DIR)
    os.execve(argv[0], argv, env)  # noqa: S606 - our own interpreter, fixed arguments


COMMANDS: list[click.Command] = [serve]
