"""Shared fixtures: synthetic events and articles, the seed path, a real PostgreSQL server."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mapapp.schema import Article, Event, FatalityClaim

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
PG_BIN = Path("/usr/lib/postgresql/15/bin")

_TYPES = (("Battles", "Armed clash"), ("Explosions/Remote violence",
                                      "Shelling/artillery/missile attack"),
          ("Violence against civilians", "Attack"), ("Strategic developments", "Agreement"))
_PLACES = (  # synthetic points in a lon/lat box, not real places
    ("Alpha", 46.9, 40.2, "Azerbaijan", "Tartar"), ("Bravo", 46.7, 39.8, "Azerbaijan",
                                                   "Khojavend"),
    ("Charlie", 45.0, 40.1, "Armenia", "Gegharkunik"), ("Delta", 47.2, 39.4, "Azerbaijan",
                                                       "Fuzuli"),
)


def make_article(n: int = 0, *, text: str | None = None, language: str = "en") -> Article:
    """A synthetic article; its id is the sha256 of its text like the real reader's."""
    body = text if text is not None else f"Synthetic report number {n}. Fighting went on."
    return Article(article_id=hashlib.sha256(body.encode()).hexdigest(), text=body,
                   title=f"Report {n}", report_date="2020-10-04", language=language,
                   source="test-wire", url=f"https://example.invalid/{n}",
                   path=f"reports/report-{n}.txt", boilerplate=((0, 3),))


def make_event(i: int = 0, *, article: Article | None = None, rng: random.Random | None = None,
               **overrides: Any) -> Event:
    """A synthetic event with every §3 field filled; ``overrides`` replace fields."""
    rng = rng or random.Random(i)  # noqa: S311 - reproducible jitter, not crypto
    art = article or make_article(i // 10)
    etype, sub = _TYPES[i % len(_TYPES)]
    name, lon, lat, country, admin1 = _PLACES[i % len(_PLACES)]
    lon += rng.uniform(-0.2, 0.2)
    lat += rng.uniform(-0.2, 0.2)
    day = 1 + i % 28
    claim = FatalityClaim(number=5 + i % 7, low=None, high=None, who_died="soldiers",
                          side_of_dead="Armenia", claimed_by="Azerbaijan MoD",
                          sentence=f"Sentence {i} says {5 + i % 7} died.")
    values: dict[str, Any] = dict(
        event_id=hashlib.sha256(f"{art.article_id}:{i}".encode()).hexdigest()[:24],
        article_id=art.article_id, source=art.source, url=art.url, language=art.language,
        event_date=f"2020-10-{day:02d}", event_date_end="", date_precision=1,
        report_date=art.report_date, date_basis="explicit", event_type=etype,
        sub_event_type=sub, summary=f"Synthetic event {i} near {name}", actor1="Azerbaijan",
        actor2="Armenia" if i % 3 else "Artsakh", parties=["Azerbaijan", "Armenia"],
        claimed_by="Azerbaijan MoD", fatalities=5 + i % 7 if i % 4 else None,
        fatalities_low=None, fatalities_high=None, fatality_claims=[claim] if i % 4 else [],
        place_name=name, place_names=name, place_id=f"test:{name.lower()}",
        geometry={"type": "Point", "coordinates": [lon, lat]}, geo_precision=1 + i % 3,
        where_prec=1 + i % 3, country=country, admin1=admin1, disputed_area="",
        sentence=f"Sentence {i} about fighting near {name}.", char_start=i, char_end=i + 10,
        confidence=0.5 + (i % 5) / 10, title=art.title, sources=[art.source],
    )
    values.update(overrides)
    return Event(**values)


@pytest.fixture
def article_factory() -> Callable[..., Article]:
    return make_article


@pytest.fixture
def event_factory() -> Callable[..., Event]:
    return make_event


@pytest.fixture
def seed_paths() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return sorted(SEEDS.glob("*.txt"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: drop to the ``postgres`` user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL 15 + PostGIS server on 127.0.0.1 for the whole test session."""
    missing = [b for b in ("initdb", "pg_ctl") if not (PG_BIN / b).exists()]
    if missing or not list(Path("/usr/share/postgresql").glob("*/extension/postgis.control")):
        reason = f"PostgreSQL/PostGIS binaries absent ({PG_BIN}); run scripts/system-deps.sh"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="cm-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    log = root / "server.log"
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres",
                                 "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                   check=True, capture_output=True)
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log),
                                 "-o", opts, "-w", "start"]), check=True, capture_output=True)
    try:
        import psycopg

        base = f"postgresql://postgres@127.0.0.1:{port}"
        for _ in range(50):
            try:
                with psycopg.connect(base + "/postgres", autocommit=True) as con:
                    con.execute("CREATE DATABASE conflictmap")
                break
            except psycopg.OperationalError:
                time.sleep(0.1)
        with psycopg.connect(base + "/conflictmap", autocommit=True) as con:
            con.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        yield base + "/conflictmap"  # a template: tests take copies via ``postgres_db``
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                     "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_db(postgres_url: str) -> str:
    """A fresh, empty PostGIS database (a copy of the session template) for one test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name} TEMPLATE conflictmap")
    return postgres_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def gazetteer_index() -> Path:
    """The compiled gazetteer index (``make index`` builds it); skips when there is none."""
    from mapapp.settings import Settings

    for path in (Path(Settings().gazetteer_index), REPO / ".data" / "gazetteer.sqlite"):
        if path.exists():
            return path
    reason = "no compiled gazetteer index (run `make index`)"
    if os.environ.get("CI"):
        pytest.fail(reason)  # CI runs `make test`, which builds it: never skip there
    pytest.skip(reason)


@pytest.fixture(scope="session")
def gazetteer(gazetteer_index: Path) -> Any:
    """The real gazetteer, opened once for the session."""
    from gazetteer import Gazetteer

    return Gazetteer.open(gazetteer_index)
