"""The `flask export` command group. The decisions branch adds `flask export results` here;
disclosure adds `flask export notice` (evaluation/cli_disclosure.py)."""

from __future__ import annotations

import click


@click.group("export")
def export_group() -> None:
    """Xuất tài liệu (PDF, Excel)."""
