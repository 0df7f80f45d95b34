"""``vanban converter status`` and ``vanban converter stop``: the user's converter service."""
from __future__ import annotations

import sys
import time

import click

from vanban.i18n import _


@click.group("converter")
def converter() -> None:
    """Show or stop the LibreOffice kept running between commands."""


@converter.command("status")
def status() -> None:
    """Say whether the converter service runs, since when, and what it has done."""
    from vanban.deliver import service
    if not service.supported():
        click.echo(_("the converter service does not run on this system (Windows): each command starts LibreOffice"))
        return
    if not service.enabled():
        click.echo(_("the converter service is off (VANBAN_CONVERTER_IDLE=0): each command starts LibreOffice"))
        return
    _warm_status()
    info = service.status()
    if info is None:
        click.echo(_("the converter service is not running; the next command that needs LibreOffice starts it"))
        sys.exit(1)
    click.echo(_("the converter service runs: process {pid}, for {minutes} min, {n} document(s) converted, "
                 "{lo} LibreOffice running, stops after {idle} s without work; socket {sock}").format(
        pid=info["pid"], minutes=round((time.time() - info["started"]) / 60, 1), n=info["documents"],
        lo=len(info.get("libreoffice") or []), idle=f"{info['idle']:g}", sock=info["socket"]))


@converter.command("stop")
def stop() -> None:
    """Stop the converter service and its LibreOffice."""
    from vanban.cli import warm_client as warm
    from vanban.deliver import service
    if warm.stop():
        click.echo(_("the warm process was stopped"))
    if service.stop():
        click.echo(_("the converter service was stopped"))
    else:
        click.echo(_("the converter service was not running"))


def _warm_status() -> None:
    """One line for each warm process (commands run without their imports: vanban.cli.warm)."""
    from vanban.cli import warm_client as warm
    for info in warm.status():
        click.echo(_("the warm process runs: process {pid}, for {minutes} min, {n} command(s) run, "
                     "stops after {idle} s without work; socket {sock}").format(
            pid=info["pid"], minutes=round((time.time() - info["started"]) / 60, 1), n=info["commands"],
            idle=f"{info['idle']:g}", sock=info["socket"]))
