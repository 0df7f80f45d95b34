"""The documents of the folder and their editor: the list, a new document, the form, the YAML
as text, review while typing, saving, and the .docx download."""
from __future__ import annotations

import io
from pathlib import Path

from flask import Blueprint, abort, jsonify, redirect, render_template, request, send_file, url_for

from vanban.i18n import _
from vanban.model.loader import InputError, load_text
from vanban.model.schema import Loai, Mau
from vanban.web import editing, folder, forms, settings_view
from vanban.web.shared import json_body, name_too_long, path_of, root, state

blueprint = Blueprint("documents", __name__)


def _problems(exc: InputError) -> list[str]:
    """The loader's problems as the raw page lists them (already in the reader's language)."""
    return [_("line {n}: {field}: {message}").format(n=p.line, field=p.field, message=p.message) if p.line else
            f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems]


@blueprint.get("/")
def index():
    from vanban.web import doclist, filing
    a = request.args
    every = folder.listing(root())
    chosen = {"q": a.get("q", ""), "loai": a.get("loai", ""), "trang_thai": a.get("trang_thai", ""),
              "nam": a.get("nam", type=int), "sap_xep": a.get("sap_xep", "ten")}
    shown = doclist.select(every, chosen["q"], chosen["loai"], chosen["trang_thai"], chosen["nam"], chosen["sap_xep"])
    return render_template("index.html", entries=shown, total=len(every), folder=str(root()),
                           kinds=forms.kind_labels(), profiles=forms.profile_labels(), chosen=chosen,
                           years=doclist.years(every), binned=filing.in_bin(root()), done=a.get("xong", ""))


@blueprint.post("/new")
def new():
    name = (request.form.get("ten_tep") or "").strip()
    if name and not name.lower().endswith(folder.SUFFIXES):
        name += ".yaml"
    try:
        loai, mau = Loai(request.form.get("loai", "")), Mau(request.form.get("mau", ""))
        if name_too_long(name):
            raise folder.PathRefused(name)
        path = folder.safe_path(root(), name)
    except (ValueError, folder.PathRefused):
        return render_template("error.html", code=400, message=_(
            "Not a valid file name: give one file name (at most 255 bytes, not a name Windows reserves such as "
            "con.yaml), e.g. cv-moi.yaml.")), 400
    if path.exists():
        return render_template("error.html", code=409,
                               message=_("{name} already exists; choose another name.").format(name=name)), 409
    text = forms.skeleton_text(loai, mau)
    settings = settings_view.load()
    if settings:   # her agency's header, signer and Nơi nhận instead of the skeleton's example
        from vanban.model import yamledit
        text = yamledit.apply(text, settings_view.start_from(folder.normalised(text), settings), name)
    with state()["save_lock"]:
        folder.create(path, text)
    return redirect(url_for(".edit", name=name))


@blueprint.get("/edit/<name>")
def edit(name: str):
    path = path_of(name)
    if not path.is_file():
        abort(404)
    raw = path.read_bytes()
    try:
        data = folder.normalised(raw.decode("utf-8"), name, path.parent)
    except (InputError, UnicodeDecodeError):
        # A file the form cannot hold (a typo made in a text editor): fix it as text first.
        return redirect(url_for(".raw", name=name))
    from vanban.web import drafts
    return render_template("editor.html", name=name, data=data, version=folder.version_of(raw),
                           form=forms.form_schema(), draft=drafts.offered(path, data))


@blueprint.route("/raw/<name>", methods=["GET", "POST"])
def raw(name: str):
    """The YAML as text, for what the form cannot open; saved only once it is a valid document."""
    path = path_of(name)
    if not path.is_file():
        abort(404)
    current = path.read_bytes()
    text, version = current.decode("utf-8", "replace"), folder.version_of(current)
    if request.method == "POST":
        text = (request.form.get("yaml") or "").replace("\r\n", "\n")
        if request.form.get("version") != version:
            return render_template("raw.html", name=name, text=text, version=version, problems=[
                _("The file was changed elsewhere since it was opened; not saved, so nothing is overwritten. "
                  "Reload the page.")]), 409
        try:
            load_text(text, name, path.parent)
        except InputError as exc:
            return render_template("raw.html", name=name, text=text, version=version, problems=_problems(exc)), 422
        from vanban.deliver.files import write_atomic
        with state()["save_lock"]:
            write_atomic(path, text.encode("utf-8"))
        return redirect(url_for(".edit", name=name))
    problems = []
    try:
        load_text(text, name, path.parent)
    except InputError as exc:
        problems = _problems(exc)
    return render_template("raw.html", name=name, text=text, version=version, problems=problems)


@blueprint.post("/api/review")
def review():
    return jsonify(editing.review(json_body(), root()).as_json())


@blueprint.post("/api/save/<name>")
def save(name: str):
    path = path_of(name)
    body = json_body()
    result = editing.review(body.get("data"), path.parent)
    if result.doc is None:
        return jsonify(result.as_json() | {"error": _("Not saved: the document has errors; see the marked fields.")}), 422
    from vanban.model.dump import to_data
    try:
        with state()["save_lock"]:
            version = folder.save(path, to_data(result.doc), body.get("version") or None)
    except folder.Conflict:
        # Both versions go back to the page, which shows them and lets her keep hers (saved
        # over the newer version only when she says so): her text is never lost to a reload.
        theirs, their_version = _current(path)
        return jsonify(error=_("The file was changed elsewhere (another tab or program) since it was opened. "
                               "Nothing was overwritten: compare the two versions and choose."),
                       theirs=theirs, theirs_version=their_version), 409
    except InputError as exc:   # the YAML editor's read-back refused the text: the file is unchanged
        return jsonify(result.as_json() | {"error": str(exc)}), 422
    from vanban.web import drafts
    drafts.remove(path)     # saved: the server's draft has done its work
    return jsonify(result.as_json() | {"version": version})


@blueprint.post("/api/draft/<name>")
def keep_draft(name: str):
    """The editor's state kept on the server while she types (:mod:`vanban.web.drafts`)."""
    from vanban.web import drafts
    path = path_of(name)
    body = json_body()
    if not path.is_file() or not isinstance(body.get("data"), dict):
        abort(404 if not path.is_file() else 400)
    try:
        drafts.keep(path, body["data"], body.get("version") if isinstance(body.get("version"), str) else None)
    except drafts.TooLarge:
        abort(413)
    return jsonify(kept=True)


@blueprint.post("/api/draft/<name>/discard")
def discard_draft(name: str):
    from vanban.web import drafts
    drafts.remove(path_of(name))
    return jsonify(kept=False)


def _current(path: Path) -> tuple:
    """(data, version) of the file as it is now; (None, None) when gone or unreadable as a document."""
    try:
        raw = path.read_bytes()
        return folder.normalised(raw.decode("utf-8"), path.name), folder.version_of(raw)
    except (OSError, InputError, UnicodeDecodeError):
        return None, None


@blueprint.post("/api/paste")
def paste():
    """Text pasted from Word as the model holds it (:func:`vanban.model.paste.from_word`)."""
    from vanban.model.paste import from_word
    text = json_body().get("text")
    if not isinstance(text, str):
        abort(400, _("The data sent is not valid."))
    got = from_word(text)
    return jsonify(lines=got.lines, items=got.items, nodes=got.nodes,
                   changes=[_(message).format(n=n) for message, n in got.changes])


def load_served(name: str):
    """The served document ``name`` as a model; 404 when absent, 400 naming what is wrong."""
    path = path_of(name)
    if not path.is_file():
        abort(404)
    try:
        return load_text(path.read_text(encoding="utf-8"), name, path.parent)
    except (InputError, UnicodeDecodeError) as exc:
        abort(400, str(exc) if isinstance(exc, InputError) else _("{file}: not UTF-8 text").format(file=name))


@blueprint.get("/download/<name>.docx")
def download_docx(name: str):
    from vanban.rendering.renderer import render_bytes
    doc = load_served(name)
    return send_file(io.BytesIO(render_bytes(doc)), as_attachment=True, download_name=Path(name).stem + ".docx",
                     mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
