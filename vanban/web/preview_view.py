"""Page images while the clerk types, and the PDF download: both from the app's previewer."""
from __future__ import annotations

import io
from pathlib import Path

from flask import Blueprint, abort, jsonify, render_template, request, send_file, url_for

from vanban.i18n import _
from vanban.web import editing
from vanban.web.documents_view import load_served
from vanban.web.preview import Superseded
from vanban.web.shared import json_body, root, state

blueprint = Blueprint("preview", __name__)


@blueprint.post("/api/preview")
def preview():
    result = editing.review(json_body(), root())
    if result.doc is None:
        return jsonify(result.as_json())
    try:
        pages = state()["previewer"].pages(result.doc, request.headers.get("X-Vanban-Tab", "")[:64])
    except Superseded:
        return jsonify(result.as_json() | {"superseded": True})
    except Exception as exc:  # LibreOffice missing, hung or crashed: the editor keeps working
        return jsonify(result.as_json() | {"preview_error": _("No preview could be made: {why}").format(why=exc)})
    urls = [url_for(".image", key=pages.key, page=i + 1) for i in range(len(pages.images))]
    return jsonify(result.as_json() | {"key": pages.key, "pages": urls, "total": pages.total})


@blueprint.get("/preview/<key>/<int:page>.jpg")
def image(key: str, page: int):
    pages = state()["previewer"].cached(key)
    if pages is None or not 1 <= page <= len(pages.images):
        abort(404)
    response = send_file(io.BytesIO(pages.images[page - 1]), mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _pdf(name: str, attached: bool):
    """The served document's PDF, made by the editor's previewer (the one LibreOffice runner);
    ``attached`` for a download, else inline for the browser to show and print."""
    doc = load_served(name)
    return send_file(io.BytesIO(state()["previewer"].pdf_of(doc)), as_attachment=attached,
                     download_name=Path(name).stem + ".pdf", mimetype="application/pdf")


@blueprint.get("/download/<name>.pdf")
def download_pdf(name: str):
    return _pdf(name, True)


@blueprint.get("/print/<name>.pdf")
def print_pdf(name: str):
    response = _pdf(name, False)
    # The print button loads this PDF into a hidden frame of the page and prints it: only this
    # response may be framed, and only by the app's own pages.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    return response


@blueprint.get("/pages/<name>")
def every_page(name: str):
    """Every page of a document as it will print, from the list without opening the editor, with
    buttons to print it and to download its PDF."""
    doc = load_served(name)
    try:
        pages = state()["previewer"].every_page(doc)
    except Exception as exc:  # LibreOffice missing, hung or crashed: one clear line, never a 500
        return render_template("error.html", code=503,
                               message=_("No preview could be made: {why}").format(why=exc)), 503
    urls = [url_for(".image", key=pages.key, page=i + 1) for i in range(len(pages.images))]
    return render_template("document_pages.html", name=name, pages=urls)
