"""The web editor: a Flask app over one folder of YAML documents.

Pages are rendered on the server (Jinja, autoescaped: user text is data;
every word through gettext, Vietnamese unless ``--lang en``). One blueprint
per concern: the documents and their editor (:mod:`vanban.web.documents_view`),
page previews (:mod:`vanban.web.preview_view`), deriving
(:mod:`vanban.web.derive_view`) and the register (:mod:`vanban.web.register_view`).
Bad input is always answered with one clear message and a 4xx status.
"""
from __future__ import annotations

import secrets
import threading
from pathlib import Path
from typing import Optional

from vanban.i18n import _
from vanban.web import security
from vanban.web.preview import Previewer

MAX_UPLOAD = 8 * 1024 * 1024


def too_large_message() -> str:
    return _("The upload is too large (at most {n} MB).").format(n=MAX_UPLOAD // 1024 // 1024)


def create_app(folder, token: Optional[str] = None, previewer: Optional[Previewer] = None):
    """The app serving ``folder``; ``token`` required on every request when given."""
    from flask import Flask

    root = Path(folder).resolve()
    if not root.is_dir():
        raise FileNotFoundError(_("{folder}: no such folder").format(folder=folder))
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True)
    app.json.ensure_ascii = False
    app.json.sort_keys = False   # the form follows the model's field order
    app.jinja_env.policies["json.dumps_kwargs"] = {"sort_keys": False}
    _translate_templates(app)
    app.extensions["vanban"] = {"root": root, "previewer": previewer or Previewer(), "save_lock": threading.Lock()}
    security.install(app, token)
    _errors(app)
    _blueprints(app)
    return app


def _translate_templates(app) -> None:
    """``{{ _("…") }}`` and ``{% trans %}`` in the templates use vanban's catalog, in the language
    of the moment (so a page follows ``--lang``)."""
    import vanban.i18n as i18n
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(i18n._, i18n.ngettext, newstyle=True)
    app.jinja_env.globals["lang"] = i18n.language


def _blueprints(app) -> None:
    from flask import Blueprint

    from vanban.web import derive_view, documents_view, list_view, preview_view, register_view, settings_view, shared, tables_view
    app.register_blueprint(documents_view.blueprint)
    app.register_blueprint(list_view.blueprint)
    app.register_blueprint(settings_view.blueprint)
    app.register_blueprint(preview_view.blueprint)
    app.register_blueprint(derive_view.blueprint)
    app.register_blueprint(tables_view.blueprint)
    register = Blueprint("register", __name__)
    register_view.install(register, shared.path_of)
    app.register_blueprint(register)


def _errors(app) -> None:
    from flask import jsonify, render_template, request
    from werkzeug.exceptions import HTTPException

    def answer(message: str, code: int):
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            return jsonify(error=message), code
        return render_template("error.html", message=message, code=code), code

    @app.errorhandler(HTTPException)
    def _http(exc):
        if exc.code == 404:
            return answer(_("Not found."), 404)
        if exc.code == 413:
            return answer(too_large_message(), 413)
        if exc.code == 405:
            return answer(_("This address does not take that request."), 405)
        described = exc.description if exc.description and exc.description != type(exc).description else ""
        return answer(described or _("The request is not valid."), exc.code or 400)

    @app.errorhandler(RecursionError)
    def _deep(exc):
        return answer(_("The data sent is nested too deeply."), 400)

    @app.errorhandler(Exception)
    def _unexpected(exc):
        # What no route foresaw: the details go to the server's log; the page says it in one line,
        # in the clerk's language (Flask's own answer is an English "Internal Server Error").
        from vanban.model.messages import reason
        app.logger.exception("unexpected error on %s", request.path)
        return answer(_("The server could not do this: {reason}.").format(
            reason=reason(exc) or _("an error it did not foresee; its log says more")), 500)


__all__ = ["create_app", "MAX_UPLOAD", "too_large_message"]
