"""CLI commands for the store area (registered by ``mapapp.cli``)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
