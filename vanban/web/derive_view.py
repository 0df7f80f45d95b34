"""Deriving on the page: a parent uploaded, follow-up letter or per-unit plans back as one .zip.

The parent may be YAML, or a .docx/.pdf read by ``import`` (:mod:`vanban.ingest`)
once that is installed; the body (for a follow-up) and the units (for plans)
are uploaded as their YAML/CSV files, or the units named as ``vn:<tỉnh>``.
Uploads are checked by size (the app's limit), by suffix and by their first
bytes; nothing uploaded is written into the served folder.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from vanban.i18n import _
from vanban.model.loader import InputError, Problem, load_text, parse_yaml, validate

PARENT_SUFFIXES = (".yaml", ".yml", ".docx", ".pdf")
#: Bounds of the import of one uploaded parent (a child process: vanban.deliver.bounded).
IMPORT_TIMEOUT = 120.0
IMPORT_MEMORY_MB = 1024
_MAGIC = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-"}


class UploadRefused(ValueError):
    """An upload of the wrong type; the message says what is accepted."""


def check_upload(filename: str, data: bytes, allowed: tuple[str, ...]) -> str:
    """The upload's suffix when it is one of ``allowed`` and its bytes match it."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in allowed:
        raise UploadRefused(f"Chỉ nhận tệp {', '.join(allowed)} (đã gửi: {filename or 'không có tệp'}).")
    if not data:
        raise UploadRefused(f"Tệp {filename} rỗng.")
    magic = _MAGIC.get(suffix)
    if magic and not data.startswith(magic):
        raise UploadRefused(f"Tệp {filename} không phải là tệp {suffix} thật.")
    if not magic:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRefused(f"Tệp {filename} không phải văn bản UTF-8.") from None
    return suffix


def _ingest():
    """``import``'s reader for .docx/.pdf (issue 11), or None while it is not installed."""
    try:
        import vanban.ingest as ingest  # type: ignore[import-not-found]  (issue 11)
    except ImportError:
        return None
    for name in ("import_file", "read_file", "load", "read"):
        fn = getattr(ingest, name, None)
        if callable(fn):
            return fn
    return None


def read_parent(filename: str, data: bytes):
    """The parent document as a model, from YAML text or through ``import``."""
    suffix = check_upload(filename, data, PARENT_SUFFIXES)
    if suffix in (".yaml", ".yml"):
        return load_text(data.decode("utf-8"), filename)
    reader = _ingest()
    if reader is None:
        raise UploadRefused("Chức năng nhập .docx/.pdf (vanban import) chưa được cài; hãy tải lên tệp YAML của văn bản gốc.")
    from vanban.deliver.bounded import WorkFailed, WorkLimit, run_bounded
    with tempfile.TemporaryDirectory(prefix="vanban-up-") as tmp:
        path = Path(tmp) / f"parent{suffix}"
        path.write_bytes(data)
        try:    # in a child process: an upload cannot take the server's memory or time (issue 19)
            result = run_bounded(reader, path, timeout=IMPORT_TIMEOUT, memory_mb=IMPORT_MEMORY_MB)
        except InputError:
            raise
        except (WorkLimit, WorkFailed, RuntimeError, ValueError) as exc:   # its bounds, and Unsupported, OcrError …
            why = str(exc).replace(f"{path}: ", "").replace(str(path), filename)
            raise UploadRefused(_("{file}: cannot be imported: {why}").format(file=filename, why=why)) from None
    return getattr(result, "doc", None) or getattr(result, "model", None) or result


def _units(filename: str, data: bytes, province: str):
    from vanban.derive.units import load_units
    if province.strip():
        return load_units("vn:" + province.strip())
    suffix = check_upload(filename, data, (".yaml", ".yml", ".csv"))
    with tempfile.TemporaryDirectory(prefix="vanban-up-") as tmp:
        path = Path(tmp) / f"units{suffix}"
        path.write_bytes(data)
        try:
            return load_units(path)
        except InputError as exc:
            # Name the upload, not the temporary copy.
            raise InputError([Problem(filename, p.line, p.field, p.message) for p in exc.problems]) from None


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in files.items():
            z.writestr(name, blob)
    return buf.getvalue()


def derive_files(mode: str, parent, parent_name: str, form: dict, uploads: dict) -> tuple[str, dict[str, bytes]]:
    """(.zip name, {name in the zip: bytes}) of the derived YAML and .docx files."""
    import vanban.derive as d
    from vanban.model.dump import to_yaml
    from vanban.rendering.renderer import render_bytes
    stem = Path(parent_name).stem
    files: dict[str, bytes] = {}
    if mode == "follow_up":
        body_name, body_data = uploads.get("body", ("", b""))
        check_upload(body_name, body_data, (".yaml", ".yml"))
        data, lines = parse_yaml(body_data.decode("utf-8"), body_name)
        body = validate(data, d.CoQuanDanXuat, body_name, lines)
        tasks = [s.strip() for s in (form.get("tasks") or "").split(",") if s.strip()]
        letter = d.follow_up(parent, body, tasks or None)
        name = f"{stem}.{Path(body_name).stem}"
        files[f"{name}.yaml"] = to_yaml(letter, f"Follow-up to {d.cite(parent, with_subject=False)}, "
                                                f"derived by vanban from {parent_name}.").encode("utf-8")
        files[f"{name}.docx"] = render_bytes(letter)
        return f"{name}.zip", files
    units_name, units_data = uploads.get("units", ("", b""))
    unit_list = _units(units_name, units_data, form.get("province") or "")
    section = d.assignment_section(parent, (form.get("section") or "").strip() or None)
    for unit in unit_list.units:
        plan = d.derive_plan(parent, unit, section, unit_list.parent_area)
        slug = d.slug(unit.dia_ban)
        files[f"{stem}/{slug}.yaml"] = to_yaml(plan, f"Plan of {unit.ten_goi or unit.dia_ban} derived by vanban from "
                                                     f"{parent_name} (section {section}).").encode("utf-8")
        files[f"{stem}/{slug}.docx"] = render_bytes(plan)
    return f"{stem}-ke-hoach.zip", files


def keep_in_folder(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write the derived YAML files into the served folder, so they open in the editor;
    none is written when one of their names is taken (nothing is overwritten)."""
    from vanban.web import store
    named = {name.replace("/", "-"): blob for name, blob in files.items() if name.endswith(".yaml")}
    paths = {name: store.safe_path(root, name) for name in named}
    taken = [name for name, path in paths.items() if path.exists()]
    if taken:
        raise UploadRefused(f"Trong thư mục đã có {', '.join(taken[:3])}; không ghi đè. Hãy đổi tên hoặc xóa trước.")
    for name, blob in named.items():
        store.create(paths[name], blob.decode("utf-8"))
    return sorted(named)


def install(app, root: Path) -> None:
    from flask import render_template, request, send_file

    @app.route("/derive", methods=["GET", "POST"])
    def derive_page():
        if request.method == "GET":
            return render_template("derive.html", error=None)
        mode = request.form.get("mode")
        upload = request.files.get("parent")
        uploads = {k: (f.filename or "", f.read()) for k, f in request.files.items() if k in ("body", "units")}
        try:
            if mode not in ("follow_up", "plan"):
                raise UploadRefused("Chọn loại văn bản cần tạo.")
            if upload is None:
                raise UploadRefused("Chọn tệp văn bản gốc.")
            parent_name = os.path.basename(upload.filename or "parent")
            parent = read_parent(parent_name, upload.read())
            name, files = derive_files(mode, parent, parent_name, request.form, uploads)
            if request.form.get("luu_vao_thu_muc"):
                keep_in_folder(root, files)
            blob = _zip(files)
        except (UploadRefused, InputError) as exc:
            return render_template("derive.html", error=str(exc)), 400
        except (LookupError, KeyError) as exc:
            return render_template("derive.html", error=f"Văn bản gốc: {exc.args[0]}"), 400
        return send_file(io.BytesIO(blob), as_attachment=True, download_name=name, mimetype="application/zip")
