"""CLI commands for the geodata area (registered by ``mapapp.cli``)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
