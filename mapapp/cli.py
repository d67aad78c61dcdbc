"""The ``conflictmap`` command. The group holds the global options; each area of the tool
adds its commands from its own ``_cli_*`` module."""

from __future__ import annotations

import click

from mapapp.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH|URL", default=None,
              help="Event store (SQLite path or postgresql:// URL). Env: CONFLICTMAP_DB.")
@click.option("--data-dir", metavar="DIR", default=None,
              help="Folder for the store, indexes and caches. Env: CONFLICTMAP_DATA_DIR.")
@click.pass_context
def main(ctx: click.Context, db: str | None, data_dir: str | None) -> None:
    """Turn conflict news articles into a map of geolocated, attributed events."""
    try:
        ctx.obj = Settings({"db": db, "data_dir": data_dir})
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _register() -> None:
    from mapapp import _cli_gazetteer, _cli_geodata, _cli_serve, _cli_store

    for module in (_cli_gazetteer, _cli_geodata, _cli_store, _cli_serve):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
