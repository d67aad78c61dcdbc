"""CLI commands for the gazetteer area (registered by ``mapapp.cli``).

``conflictmap places FILE`` lists the places an article names; ``conflictmap gazetteer
build`` compiles the index (a no-op when it is current) and ``gazetteer import`` adds
GeoNames dumps to it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from gazetteer import (
    Gazetteer,
    GazetteerError,
    Mention,
    build_index,
    import_geonames,
)
from mapapp.ingest import open_gazetteer
from mapapp.settings import Settings


def _mention_json(m: Mention) -> dict[str, Any]:
    place = m.place
    assert place is not None
    return {
        "surface": m.surface, "start": m.start, "end": m.end, "score": m.score,
        "precision": m.precision,
        "place": {"id": place.id, "name": place.name, "names": place.all_names(),
                  "kind": place.kind.value, "country": place.country,
                  "lat": place.lat, "lon": place.lon},
    }


def places_payload(mentions: list[Mention]) -> dict[str, list[dict[str, Any]]]:
    """The JSON shape of ``conflictmap places``: resolved mentions and rejected spans."""
    return {
        "mentions": [_mention_json(m) for m in mentions if m.resolved],
        "rejected": [{"surface": m.surface, "start": m.start, "end": m.end,
                      "reason": m.reason} for m in mentions if not m.resolved],
    }


def _read_text(path: Path, limit: int) -> str:
    size = path.stat().st_size
    if size > limit:
        raise click.ClickException(f"{path}: {size:,} bytes is larger than the limit of "
                                   f"{limit:,} (setting max_article_bytes)")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise click.ClickException(f"{path}: looks binary, expected a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text ({exc.reason} at byte "
                                   f"{exc.start})") from None


def _open(settings: Settings) -> Gazetteer:
    try:
        return open_gazetteer(settings)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("places")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table",
              show_default=True, help="json for programs, table for people.")
@click.option("--language", default=None, help="Article language (ISO 639-1), e.g. id, ru.")
@click.option("--report-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date of the report (YYYY-MM-DD): checks names against their validity.")
@click.pass_obj
def places(settings: Settings, file: Path, fmt: str, language: str | None,
           report_date: Any) -> None:
    """List the places FILE names, and the spans rejected as places (with the reason)."""
    text = _read_text(file, settings.max_article_bytes)
    gz = _open(settings)
    try:
        rd: date | None = report_date.date() if report_date else None
        mentions = gz.find(text, language=language, report_date=rd)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        gz.close()
    payload = places_payload(mentions)
    if fmt == "json":
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'span':>11}  {'surface':<22} {'place':<30} {'kind':<15} cc  "
               f"{'lat':>8} {'lon':>9}  p  score")
    for m in payload["mentions"]:
        p = m["place"]
        click.echo(f"{m['start']:>5}-{m['end']:<5}  {m['surface'][:22]:<22} "
                   f"{p['name'][:30]:<30} {p['kind']:<15} {p['country'] or '--':<3} "
                   f"{p['lat']:>8.4f} {p['lon']:>9.4f}  {m['precision']}  {m['score']:.2f}")
    if payload["rejected"]:
        click.echo("rejected:")
        for r in payload["rejected"]:
            click.echo(f"{r['start']:>5}-{r['end']:<5}  {r['surface'][:22]:<22} {r['reason']}")


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build the place-name index or add GeoNames dumps to it."""


@gazetteer_group.command("build")
@click.option("--force", is_flag=True, help="Rebuild even when the index is up to date.")
@click.pass_obj
def build(settings: Settings, force: bool) -> None:
    """Compile the index from GeoNames, Natural Earth and the supplement (if changed)."""
    path = Path(settings.gazetteer_index)
    try:
        counts = build_index(path, force=force,
                             progress=lambda step: click.echo(f"... {step}", err=True))
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from None
    if counts.get("up_to_date"):
        click.echo(f"{path}: up to date")
        return
    click.echo(f"{path}: built " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))


@gazetteer_group.command("import")
@click.argument("dumps", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_dumps(settings: Settings, dumps: tuple[Path, ...]) -> None:
    """Add GeoNames dumps (allCountries.zip, XX.zip, alternateNamesV2.zip) to the index."""
    path = Path(settings.gazetteer_index)
    try:
        if not path.exists():
            build_index(path)
        counts = import_geonames(path, *dumps)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{path}: imported " + ", ".join(f"{k}={v:,}" for k, v in counts.items()))


COMMANDS: list[click.Command] = [places, gazetteer_group]
