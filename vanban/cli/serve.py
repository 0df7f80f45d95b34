"""``vanban serve``: start the web editor on this machine and print its address."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from vanban.i18n import _


@click.command("serve")
@click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True,
              help="Folder of YAML documents to serve (nothing outside it is read or written).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any address but 127.0.0.1 requires the access token.")
@click.option("--token", envvar="VANBAN_TOKEN", help="Access token (default: a new one, printed at start) for a non-local --host.")
def serve(folder: Path, port: int, host: str, token: Optional[str]) -> None:
    """Start the web editor for the documents in a folder."""
    from vanban.web.app import create_app
    from vanban.web.security import is_loopback, new_token
    from vanban.web.server import make_server, reachable_hosts
    if not folder.is_dir():
        click.echo(_("{folder}: no such folder").format(folder=folder), err=True)
        sys.exit(2)
    local = is_loopback(host)
    if not local:
        token = token or new_token()
    app = create_app(folder, token=None if local else token)
    app.extensions["vanban"]["previewer"].warm_up()
    server = make_server(app, host, port)
    # Bound to every interface (0.0.0.0), the address printed is one a colleague can open.
    for reachable in reachable_hosts(host):
        shown = f"[{reachable}]" if ":" in reachable else reachable
        address = f"http://{shown}:{server.effective_port}/"
        click.echo(_("vanban: {folder} at {address}").format(folder=folder.resolve(), address=address)
                   + (f"?token={token}" if not local else ""))
    if not local:
        click.echo(_("Listening beyond this machine: every request needs the token above."), err=True)
    sys.stdout.flush()
    import signal

    def stop(signum, frame):   # a service manager's SIGTERM closes LibreOffice as Ctrl-C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["vanban"]["previewer"].close()
        server.close()
