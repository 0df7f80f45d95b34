"""Who may use the app: the local user by default, a token holder on any other address.

- Bound to a loopback address, the app answers only requests whose ``Host``
  is that loopback name (a web page elsewhere cannot reach it by pointing a
  DNS name at 127.0.0.1).
- Bound to any other address, every request carries the access token: in the
  address once (``?token=…``, then kept in a cookie), or in the
  ``X-Vanban-Token`` header.
- Every request that changes something (POST) carries the session's CSRF
  token, in the form field ``csrf_token`` or the ``X-CSRF-Token`` header, and
  when the browser names its ``Origin``, that origin is this app.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from typing import Optional
from urllib.parse import urlsplit

from vanban.i18n import _

TOKEN_COOKIE = "vanban_token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(a: Optional[str], b: Optional[str]) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def host_name(host_header: str) -> str:
    """``127.0.0.1:8080`` → ``127.0.0.1``; ``[::1]:80`` → ``::1``."""
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def install(app, token: Optional[str]) -> None:
    """Register the checks on a Flask ``app``; ``token`` None means loopback-only use."""
    from flask import abort, g, request, session

    @app.before_request
    def _guard():
        if token is None:
            if not is_loopback(host_name(request.host or "")):
                abort(403, _("The server serves this machine only (127.0.0.1)."))
        else:
            given = request.args.get("token") or request.headers.get("X-Vanban-Token") or request.cookies.get(TOKEN_COOKIE)
            if not same(given, token):
                abort(401, _("An access token is needed: open the address with ?token=… that the server printed when it started."))
            g.set_token_cookie = request.args.get("token") is not None
        if "csrf" not in session:
            session["csrf"] = new_token()
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("Origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.host:
                abort(403, _("A request from another site is refused."))
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token")
            if not same(sent, session["csrf"]):
                abort(403, _("The session has expired. Reload the page and try again."))

    @app.after_request
    def _headers(response):
        if token is not None and g.get("set_token_cookie"):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                                    "script-src 'self'; frame-ancestors 'none'")
        return response

    @app.context_processor
    def _csrf():
        return {"csrf_token": session.get("csrf", "")}
