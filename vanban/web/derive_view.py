"""Deriving on the page: a parent uploaded, follow-up letter or per-unit plans back as one .zip.

An HTTP adapter over :mod:`vanban.deliver.documents`, the calls ``vanban derive``
makes: the parent may be YAML or any file ``import`` reads, the body (for a
follow-up) and the units (for plans) are uploaded as their YAML/CSV files, or
the units named as ``vn:<tỉnh>``. Uploads are checked by size (the app's
limit), by suffix and by their first bytes, and read from a temporary copy
(messages name the upload, not the copy); nothing uploaded is written into
the served folder, and plan names are unique as ``vanban derive plan`` makes them.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from flask import Blueprint, render_template, request, send_file

from vanban.deliver import documents
from vanban.i18n import _
from vanban.model.loader import InputError
from vanban.web import settings_view
from vanban.web.shared import MAX_NAME_BYTES, root

blueprint = Blueprint("derive", __name__)

PARENT_SUFFIXES = (".yaml", ".yml", ".docx", ".pdf", ".doc", ".odt", ".rtf")
#: Bounds of the import of one uploaded parent (a child process: vanban.deliver.bounded).
IMPORT_TIMEOUT = 120.0
IMPORT_MEMORY_MB = 1024
_MAGIC = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-", ".odt": b"PK\x03\x04"}


class UploadRefused(ValueError):
    """An upload of the wrong type; the message says what is accepted."""


def upload_name(filename: str, fallback: str) -> str:
    """The upload's own name, without folders, short enough to be a file name."""
    name = os.path.basename((filename or "").replace("\\", "/")) or fallback
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise UploadRefused(_("The file name is too long (at most {n} bytes).").format(n=MAX_NAME_BYTES))
    return name


def check_upload(filename: str, data: bytes, allowed: tuple[str, ...]) -> str:
    """The upload's suffix when it is one of ``allowed`` and its bytes match it."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in allowed:
        raise UploadRefused(_("Only {allowed} files are taken (sent: {file}).").format(
            allowed=", ".join(allowed), file=filename or _("no file")))
    if not data:
        raise UploadRefused(_("{file} is empty.").format(file=filename))
    magic = _MAGIC.get(suffix)
    if magic and not data.startswith(magic):
        raise UploadRefused(_("{file} is not a real {suffix} file.").format(file=filename, suffix=suffix))
    if suffix in (".yaml", ".yml", ".csv"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRefused(_("{file} is not UTF-8 text.").format(file=filename)) from None
    return suffix


def bounded_import(path: Path, name: str):
    """The model of an uploaded document, imported in a child process under a time and memory
    limit (issue 19): an upload cannot take the server's memory or time."""
    from vanban.deliver.bounded import WorkFailed, WorkLimit, run_bounded
    try:
        return run_bounded(documents.import_any, path, name, timeout=IMPORT_TIMEOUT, memory_mb=IMPORT_MEMORY_MB).doc
    except (WorkLimit, WorkFailed) as exc:
        raise UploadRefused(_("{file}: cannot be imported: {why}").format(file=name, why=exc)) from None


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in files.items():
            z.writestr(name, blob)
    return buf.getvalue()


def derive_files(mode: str, tmp: Path, parent: Path, parent_name: str, form, uploads: dict) -> tuple[str, dict[str, bytes]]:
    """(.zip name, {name in the zip: bytes}) of the derived YAML and .docx files; the uploads are in ``tmp``."""
    from vanban.rendering.renderer import render_bytes
    stem = Path(parent_name).stem
    if mode == "follow_up":
        body_name, body_data = uploads.get("body", ("", b""))
        body = settings_view.body()   # her agency, set once on the settings page
        if body_data or body is None:
            check_upload(body_name, body_data, (".yaml", ".yml"))
            body = tmp / f"body{Path(body_name).suffix.lower()}"
            body.write_bytes(body_data)
        tasks = [s.strip() for s in (form.get("tasks") or "").split(",") if s.strip()]
        name = f"{stem}.{Path(body_name).stem if body_data else 'cong-van-trien-khai'}"
        try:
            letter = documents.derive_follow_up(parent, body, tasks, out=f"{name}.yaml", parent_name=parent_name)
        except InputError as exc:
            raise documents.renamed(exc, body_name, body) from None
        except LookupError:   # the library's message names a command-line option; the page names its box
            raise UploadRefused(_("No section of the parent document names your agency. Write the sections "
                                  "to pass down in the box \"Sections to pass down\", e.g. III.1, V.2.")) from None
        return f"{name}.zip", {f"{name}.yaml": letter.yaml.encode("utf-8"), f"{name}.docx": render_bytes(letter.doc)}
    province = (form.get("province") or "").strip() or (
        "" if uploads.get("units", ("", b""))[1] else settings_view.load().get("tinh", ""))
    if province:
        units = "vn:" + province
    else:
        units_name, units_data = uploads.get("units", ("", b""))
        units = tmp / f"units{check_upload(units_name, units_data, ('.yaml', '.yml', '.csv'))}"
        units.write_bytes(units_data)
    try:
        plans = documents.derive_plans(parent, units, Path(stem), (form.get("section") or "").strip() or None,
                                       parent_name=parent_name)
    except InputError as exc:
        raise (documents.renamed(exc, uploads["units"][0], units) if not province else exc) from None
    if not plans.written:
        raise UploadRefused("\n".join(plans.failed) or _("no unit to write a plan for"))
    files: dict[str, bytes] = {}
    for r in plans.written:
        files[r.path.as_posix()] = r.yaml.encode("utf-8")
        files[r.path.with_suffix(".docx").as_posix()] = render_bytes(r.doc)
    if plans.failed:   # the units without a plan, said inside the archive beside the others' plans
        files[f"{stem}/don-vi-khong-co-ke-hoach.txt"] = "\n".join(plans.failed).encode("utf-8")
    return f"{stem}-ke-hoach.zip", files


def keep_in_folder(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Write the derived YAML files into the served folder, so they open in the editor;
    none is written when one of their names is taken (nothing is overwritten)."""
    from vanban.web import folder as web_folder
    named = {name.replace("/", "-"): blob for name, blob in files.items() if name.endswith(".yaml")}
    if any(len(name.encode("utf-8")) > MAX_NAME_BYTES for name in named):
        raise UploadRefused(_("The file name is too long (at most {n} bytes).").format(n=MAX_NAME_BYTES))
    paths = {name: web_folder.safe_path(folder, name) for name in named}
    taken = [name for name, path in paths.items() if path.exists()]
    if taken:
        raise UploadRefused(_("The folder already has {names}; nothing is overwritten. Rename or delete them first.")
                            .format(names=", ".join(taken[:3])))
    for name, blob in named.items():
        web_folder.create(paths[name], blob.decode("utf-8"))
    return sorted(named)


def _again(error: str):
    """The form again with the error and what she typed (a browser never refills a file chooser:
    the page says which files to choose again)."""
    chosen = [f.filename for f in request.files.values() if f and f.filename]
    return render_template("derive.html", error=error, agency=settings_view.body(), form=request.form,
                           province=settings_view.load().get("tinh", ""), chosen=chosen), 400


@blueprint.route("/derive", methods=["GET", "POST"])
def page():
    if request.method == "GET":
        return render_template("derive.html", error=None, agency=settings_view.body(), form={},
                               province=settings_view.load().get("tinh", ""))
    mode = request.form.get("mode")
    upload = request.files.get("parent")
    try:
        if mode not in ("follow_up", "plan"):
            raise UploadRefused(_("Choose what to make."))
        if upload is None:
            raise UploadRefused(_("Choose the parent document."))
        uploads = {k: (upload_name(f.filename or "", k), f.read()) for k, f in request.files.items()
                   if k in ("body", "units")}
        parent_name = upload_name(upload.filename or "", "parent")
        data = upload.read()
        suffix = check_upload(parent_name, data, PARENT_SUFFIXES)
        with tempfile.TemporaryDirectory(prefix="vanban-up-") as tmp:
            parent = Path(tmp) / f"parent{suffix}"
            parent.write_bytes(data)
            if suffix not in (".yaml", ".yml"):
                parent = bounded_import(parent, parent_name)
            name, files = derive_files(mode, Path(tmp), parent, parent_name, request.form, uploads)
        if request.form.get("luu_vao_thu_muc"):
            keep_in_folder(root(), files)
        blob = _zip(files)
    except (UploadRefused, InputError) as exc:
        return _again(str(exc))
    except LookupError as exc:
        problem = str(exc.args[0] if exc.args else exc)
        if "--" in problem:   # the library names a command-line option; the page names its box
            problem = _("no section of it assigns work to the units. Write that section in the box "
                        "\"The section assigning work\", e.g. V.10.")
        return _again(_("Parent document: {problem}").format(problem=problem))
    return send_file(io.BytesIO(blob), as_attachment=True, download_name=name, mimetype="application/zip")
