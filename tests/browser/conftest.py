"""A real page in a real browser: `conflictmap serve` on a temp store, Debian Chromium with
every host but 127.0.0.1 unresolvable (so passing proves the page works offline)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen[bytes]
    log: Path


def gazetteer_index() -> Path:
    """The compiled index `make index` builds (resolved the way the app resolves it)."""
    from mapapp.settings import Settings

    return Path(Settings().gazetteer_index)


def start_server(db: Path, workdir: Path, timeout: float = 90.0) -> Server:
    """`conflictmap --db DB serve` on a free port; waits on /_stcore/health."""
    port = free_port()
    log = workdir / f"serve-{port}.log"
    env = dict(os.environ, CONFLICTMAP_DATA_DIR=str(workdir),
               CONFLICTMAP_GAZETTEER_INDEX=str(gazetteer_index()))
    cli = Path(sys.executable).with_name("conflictmap")
    with log.open("wb") as out:
        proc = subprocess.Popen([str(cli), "--db", str(db), "serve", "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                env=env, cwd=workdir)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return Server(url, db, proc, log)
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy in time")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        message = "Debian chromium is not installed (/usr/bin/chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """Everything the page asked for, threw or popped up."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def outside(self, base: str) -> list[str]:
        return [u for u in self.requests
                if not u.startswith((base, "data:", "blob:", "about:"))]


@pytest.fixture
def watched_page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1400, "height": 1000},
                                   accept_downloads=True)
    page = context.new_page()
    watch = Watch()
    page.on("request", lambda r: watch.requests.append(r.url))
    page.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, watch
    context.close()


@pytest.fixture(scope="module")
def output_dir() -> Iterator[Path]:
    OUTPUT.mkdir(exist_ok=True)
    yield OUTPUT
