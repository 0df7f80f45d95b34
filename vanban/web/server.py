"""The WSGI server ``vanban serve`` runs the app in (waitress), with its own refusals in the clerk's words.

waitress turns away a request body over its limit before the app sees it, with an English
plain-text page; here that answer is the app's message instead (a page, or JSON for the
editor's ``/api/`` calls), with the same 413 status.
"""
from __future__ import annotations

import html
import json

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from vanban.i18n import _


def refusal(path: str, code: int) -> tuple[str, bytes]:
    """(content type, body) of the server's own refusal of a request to ``path``."""
    from vanban.web.app import too_large_message
    message = too_large_message() if code == 413 else _("The request is not valid.")
    if path.startswith("/api/"):
        return "application/json", json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    back = _("Back to the list of documents")
    page = (f'<!doctype html><html lang="{html.escape(_lang())}"><meta charset="utf-8"><title>vanban</title>'
            f'<p role="alert">{html.escape(message)}</p><p><a href="/">{html.escape(back)}'
            f"</a></p></html>")
    return "text/html; charset=utf-8", page.encode("utf-8")


def _lang() -> str:
    import vanban.i18n as i18n
    return i18n.language()


class _Refusal(ErrorTask):
    def execute(self):
        error = self.request.error
        if error.code >= 500:
            return super().execute()
        kind, body = refusal(self.request.path or "/", error.code)
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", kind), ("X-Content-Type-Options", "nosniff")])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    error_task_class = _Refusal


def reachable_hosts(host: str) -> list[str]:
    """The addresses other machines can type for a server bound to ``host``: for ``0.0.0.0`` or
    ``::`` (every interface) this machine's own addresses, never the unusable wildcard."""
    import socket
    if host not in ("0.0.0.0", "::", ""):
        return [host]
    found: list[str] = []
    try:   # the address the machine would reach its network from (a UDP "connect" sends nothing)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    usable = [a for a in dict.fromkeys(found) if not a.startswith("127.")]
    return usable or [socket.gethostname()]


def make_server(app, host: str, port: int, threads: int = 4):
    """waitress serving ``app``; bodies over the app's upload limit are refused with its message."""
    server = create_server(app, host=host, port=port, threads=threads,
                           max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + 65536)
    for s in [server, *getattr(server, "map", {}).values()]:
        if hasattr(s, "channel_class"):
            s.channel_class = _Channel
    return server


__all__ = ["make_server", "refusal", "reachable_hosts"]
