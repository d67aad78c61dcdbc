"""CLI commands for the store area (registered by ``mapapp.cli``): ingest, events, export,
import-acled, import-ucdp. Every expected failure ends as one ``Error: …`` line, exit 1."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import pandas as pd

from mapapp import views
from mapapp.errors import (
    ArticleError,
    ExportError,
    GazetteerError,
    GeodataError,
    StoreBusyError,
    StoreCorruptError,
    UnsafeInputError,
)
from mapapp.settings import Settings
from mapapp.store import EventFilter, Store, open_store

_EXPECTED = (ArticleError, ExportError, GazetteerError, GeodataError, StoreBusyError,
             StoreCorruptError, UnsafeInputError)


@contextmanager
def _store(settings: Settings, db: str | None) -> Iterator[Store]:
    """Open the store (``db`` from the command's own ``--db``, else the configured one); turn
    the expected errors into one click error line."""
    try:
        store = open_store(db or settings.db, lock_timeout=float(settings.lock_timeout))
    except _EXPECTED as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield store
    except _EXPECTED as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


def _parse_bbox(_ctx: click.Context, _param: click.Parameter, value: str | None
                ) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        parts = tuple(float(v) for v in value.split(","))
        if len(parts) != 4:
            raise ValueError("need four numbers W,S,E,N")
        flt = EventFilter(bbox=parts)  # type: ignore[arg-type]
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: {exc}") from None
    return flt.bbox


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def with_settings(func: Callable[..., Any]) -> Callable[..., Any]:
    """Pass the group's Settings and accept ``--db`` after the command name too, as in
    ``conflictmap ingest seeds/*.txt --db X`` (it wins over the group's ``--db``)."""
    option = click.option("--db", "db", metavar="PATH|URL", default=None,
                          help="Event store for this command (SQLite path or postgresql:// "
                               "URL); overrides the global --db and CONFLICTMAP_DB.")
    return option(click.pass_obj(func))


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The filter flags shared by ``events`` and ``export``; passes ``flt: EventFilter``."""
    options = [
        click.option("--since", callback=_parse_date, metavar="YYYY-MM-DD",
                     help="Events on or after this date."),
        click.option("--until", callback=_parse_date, metavar="YYYY-MM-DD",
                     help="Events on or before this date."),
        click.option("--party", "parties", multiple=True, help="A party (repeatable)."),
        click.option("--type", "event_types", multiple=True,
                     help="An ACLED event type (repeatable)."),
        click.option("--country", "countries", multiple=True, help="A country (repeatable)."),
        click.option("--admin1", "admin1", multiple=True,
                     help="A first-level region (repeatable)."),
        click.option("--max-precision", "max_geo_precision", type=click.IntRange(1, 3),
                     help="Keep events with ACLED geo_precision at most this (1 = place)."),
        click.option("--bbox", callback=_parse_bbox, metavar="W,S,E,N",
                     help="Keep events whose geometry intersects this box (degrees)."),
        click.option("--text", help="Case-insensitive text in the sentence or summary."),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        names = ("since", "until", "parties", "event_types", "countries", "admin1",
                 "max_geo_precision", "bbox", "text")
        kwargs["flt"] = EventFilter(**{n: kwargs.pop(n) for n in names})
        return func(*args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


@click.command()
@click.argument("paths", nargs=-1, required=True)
@with_settings
def ingest(settings: Settings, db: str | None, paths: tuple[str, ...]) -> None:
    """Read articles (files, folders, globs), extract events and store them.

    Articles already in the store are skipped as unchanged; a file that cannot be read is
    listed with the reason and the rest are still stored. Exit status 1 if any failed.
    """
    from mapapp.ingest import expand_paths, ingest_paths, open_gazetteer

    try:
        gaz = open_gazetteer(settings)
    except (GazetteerError, OSError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    gc.freeze()  # the loaded index is long-lived: keep the collector from rescanning it
    files, _ = expand_paths(paths)
    with _store(settings, db) as store, click.progressbar(
            length=len(files), label="ingesting", file=sys.stderr,
            show_pos=True) as bar:
        summary = ingest_paths(paths, store, gaz, settings,
                               progress=lambda _path: bar.update(1))
    for path, reason in summary.failures:
        click.echo(f"failed: {path}: {reason}", err=True)
    click.echo(summary.line())
    if summary.failed:
        raise SystemExit(1)


_TABLE = (("event_id", 12), ("event_date", 10), ("event_type", 26), ("place_name", 20),
          ("country", 12), ("admin1", 14), ("fatalities", 5), ("geo_precision", 3))


@click.command()
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="Most rows shown.")
@click.option("--merged", is_flag=True,
              help="Merge reports of one event from several articles into one row.")
@with_settings
def events(settings: Settings, db: str | None, flt: EventFilter, limit: int,
           merged: bool) -> None:
    """List stored events matching the filters as a table."""
    with _store(settings, db) as store:
        if merged:
            gdf = views.merged(store.query(flt))
            total = len(gdf)
            gdf = gdf.head(limit)
        else:
            total = store.count(flt)
            gdf = store.query(flt, limit=limit)
    header = "  ".join(name[:width].ljust(width) for name, width in _TABLE)
    click.echo(header)
    for rec in gdf[[n for n, _ in _TABLE]].itertuples(index=False):
        cells = ["" if pd.isna(v) else str(v) for v in rec]
        click.echo("  ".join(c[:w].ljust(w) for c, (_, w) in zip(cells, _TABLE, strict=True)))
    click.echo(f"{len(gdf)} of {total} events shown")


@click.command()
@filter_options
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv", "gpkg"]),
              required=True, help="File format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="File to write (replaced atomically).")
@click.option("--merged", is_flag=True,
              help="Merge reports of one event from several articles into one row.")
@with_settings
def export(settings: Settings, db: str | None, flt: EventFilter, fmt: str, output: Path,
           merged: bool) -> None:
    """Export the events the filters select as GeoJSON, CSV or GeoPackage."""
    from mapapp import export as exports

    writers = {"geojson": exports.to_geojson, "csv": exports.to_csv, "gpkg": exports.to_gpkg}
    if not output.parent.is_dir():  # fail before any work
        raise click.ClickException(str(ExportError(
            f"cannot export to {output}: folder {output.parent} does not exist")))
    with _store(settings, db) as store:
        gdf = store.query(flt)
    if merged:
        gdf = views.merged(gdf)
    writers[fmt](gdf, output)
    click.echo(f"{len(gdf)} events written to {output}")


def _import_command(name: str, kind: str, a_kind: str, run_name: str) -> click.Command:
    @click.command(name=name, help=f"Import {a_kind} CSV export into the store "
                   "(all-or-nothing; re-importing the same file changes nothing).")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @with_settings
    def command(settings: Settings, db: str | None, file: Path) -> None:
        from mapapp import importers

        run = getattr(importers, run_name)
        with _store(settings, db) as store:
            result, rows = run(file, store)
        click.echo(f"{kind}: {rows} rows read; events: {result.added} added, "
                   f"{result.updated} updated, {result.unchanged} unchanged")

    return command


COMMANDS: list[click.Command] = [
    ingest, events, export,
    _import_command("import-acled", "ACLED", "an ACLED", "import_acled"),
    _import_command("import-ucdp", "UCDP GED", "a UCDP GED", "import_ucdp"),
]
