"""The web editor: a Flask app over one folder of YAML documents.

Pages are rendered on the server (Jinja, autoescaped: user text is data);
the editor's script sends the document as JSON to ``/api/review`` (problems,
numbering, ``check`` findings) and ``/api/preview`` (page images) while the
clerk types, and to ``/api/save/<name>`` when she saves.
"""
from __future__ import annotations

import io
import secrets
import threading
from pathlib import Path
from typing import Optional

from vanban.model.loader import InputError, load_text
from vanban.model.schema import Loai, Mau
from vanban.web import editing, forms, security, store
from vanban.web.preview import Previewer, Superseded
from vanban.i18n import _

MAX_UPLOAD = 8 * 1024 * 1024


def create_app(folder, token: Optional[str] = None, previewer: Optional[Previewer] = None):
    """The app serving ``folder``; ``token`` required on every request when given."""
    from flask import Flask, abort, jsonify, redirect, render_template, request, send_file, url_for

    root = Path(folder).resolve()
    if not root.is_dir():
        raise FileNotFoundError(_("{folder}: no such folder").format(folder=folder))
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False
    app.json.sort_keys = False   # the form follows the model's field order
    app.jinja_env.policies["json.dumps_kwargs"] = {"sort_keys": False}
    app.extensions["vanban"] = {"root": root, "previewer": previewer or Previewer(), "save_lock": threading.Lock()}
    security.install(app, token)
    previews = app.extensions["vanban"]["previewer"]
    save_lock = app.extensions["vanban"]["save_lock"]

    def path_of(name: str) -> Path:
        try:
            return store.safe_path(root, name)
        except store.PathRefused:
            abort(404)

    def json_body() -> dict:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            abort(400, "Dữ liệu gửi lên không hợp lệ.")
        return data

    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def _error(exc):
        message = {404: "Không tìm thấy.", 413: f"Tệp tải lên quá lớn (tối đa {MAX_UPLOAD // 1024 // 1024} MB)."}.get(
            exc.code) or exc.description
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            return jsonify(error=message), exc.code
        return render_template("error.html", message=message, code=exc.code), exc.code

    @app.get("/")
    def index():
        return render_template("index.html", entries=store.listing(root), folder=str(root),
                               kinds=forms.KIND_LABELS, profiles=forms.PROFILE_LABELS)

    @app.post("/new")
    def new():
        name = (request.form.get("ten_tep") or "").strip()
        if name and not name.lower().endswith(store.SUFFIXES):
            name += ".yaml"
        try:
            loai, mau = Loai(request.form.get("loai", "")), Mau(request.form.get("mau", ""))
            path = store.safe_path(root, name)
        except (ValueError, store.PathRefused):
            return render_template("error.html", code=400,
                                   message="Tên tệp không hợp lệ: chỉ là một tên tệp trong thư mục, ví dụ cv-moi.yaml."), 400
        if path.exists():
            return render_template("error.html", code=409, message=f"Tệp {name} đã có; hãy chọn tên khác."), 409
        text = forms.skeleton_text(loai, mau)
        with save_lock:
            if text is None:
                store.save(path, forms.skeleton(loai, mau), None)
            else:
                store.create(path, text)
        return redirect(url_for("edit", name=name))

    @app.get("/edit/<name>")
    def edit(name: str):
        path = path_of(name)
        if not path.is_file():
            abort(404)
        raw = path.read_bytes()
        try:
            data = store.normalised(raw.decode("utf-8"), name)
        except (InputError, UnicodeDecodeError):
            # A file the form cannot hold (a typo made in a text editor): fix it as text first.
            return redirect(url_for("raw", name=name))
        from vanban.web.register_view import register_module
        return render_template("editor.html", name=name, data=data, version=store.version_of(raw),
                               form=forms.form_schema(), can_issue=register_module() is not None)

    @app.route("/raw/<name>", methods=["GET", "POST"])
    def raw(name: str):
        """The YAML as text, for what the form cannot open; saved only once it is a valid document."""
        path = path_of(name)
        if not path.is_file():
            abort(404)
        current = path.read_bytes()
        text, version = current.decode("utf-8", "replace"), store.version_of(current)
        if request.method == "POST":
            text = (request.form.get("yaml") or "").replace("\r\n", "\n")
            if request.form.get("version") != version:
                return render_template("raw.html", name=name, text=text, version=version, problems=[
                    "Tệp đã được sửa ở nơi khác từ khi mở; chưa lưu để không ghi đè. Hãy tải lại trang."]), 409
            try:
                load_text(text, name)
            except InputError as exc:
                problems = [f"dòng {p.line}: {p.field}: {editing.message_vi(p.message)}" if p.line else
                            f"{p.field}: {editing.message_vi(p.message)}" for p in exc.problems]
                return render_template("raw.html", name=name, text=text, version=version, problems=problems), 422
            from vanban.deliver.files import write_atomic
            with save_lock:
                write_atomic(path, text.encode("utf-8"))
            return redirect(url_for("edit", name=name))
        problems = []
        try:
            load_text(text, name)
        except InputError as exc:
            problems = [f"dòng {p.line}: {p.field}: {editing.message_vi(p.message)}" if p.line else
                        f"{p.field}: {editing.message_vi(p.message)}" for p in exc.problems]
        return render_template("raw.html", name=name, text=text, version=version, problems=problems)

    @app.post("/api/review")
    def review():
        return jsonify(editing.review(json_body()).as_json())

    @app.post("/api/preview")
    def preview():
        result = editing.review(json_body())
        if result.doc is None:
            return jsonify(result.as_json())
        try:
            pages = previews.pages(result.doc, request.headers.get("X-Vanban-Tab", "")[:64])
        except Superseded:
            return jsonify(result.as_json() | {"superseded": True})
        except Exception as exc:  # LibreOffice missing, hung or crashed: the editor keeps working
            return jsonify(result.as_json() | {"preview_error": f"Không tạo được bản xem trước: {exc}"})
        urls = [url_for("preview_image", key=pages.key, page=i + 1) for i in range(len(pages.images))]
        return jsonify(result.as_json() | {"key": pages.key, "pages": urls, "total": pages.total})

    @app.get("/preview/<key>/<int:page>.jpg")
    def preview_image(key: str, page: int):
        pages = previews.cached(key)
        if pages is None or not 1 <= page <= len(pages.images):
            abort(404)
        response = send_file(io.BytesIO(pages.images[page - 1]), mimetype="image/jpeg")
        response.headers["Cache-Control"] = "private, max-age=3600"
        return response

    @app.post("/api/save/<name>")
    def save(name: str):
        path = path_of(name)
        body = json_body()
        result = editing.review(body.get("data"))
        if result.doc is None:
            return jsonify(result.as_json() | {"error": "Chưa lưu: văn bản còn lỗi, xem các ô được đánh dấu."}), 422
        from vanban.model.dump import to_data
        try:
            with save_lock:
                version = store.save(path, to_data(result.doc), body.get("version") or None)
        except store.Conflict:
            return jsonify(error="Tệp đã được sửa ở nơi khác (một thẻ khác hoặc chương trình khác) từ khi mở. "
                                 "Chưa lưu để không ghi đè. Hãy tải lại trang để xem bản mới nhất."), 409
        except InputError as exc:   # the YAML editor's read-back refused the text: the file is unchanged
            return jsonify(result.as_json() | {"error": str(exc)}), 422
        return jsonify(result.as_json() | {"version": version})

    def _load(name: str):
        path = path_of(name)
        if not path.is_file():
            abort(404)
        try:
            return load_text(path.read_text(encoding="utf-8"), name)
        except InputError as exc:
            abort(400, str(exc))

    @app.get("/download/<name>.docx")
    def download_docx(name: str):
        from vanban.rendering.renderer import render_bytes
        doc = _load(name)
        return send_file(io.BytesIO(render_bytes(doc)), as_attachment=True, download_name=Path(name).stem + ".docx",
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    @app.get("/download/<name>.pdf")
    def download_pdf(name: str):
        doc = _load(name)
        return send_file(io.BytesIO(previews.pdf_of(doc)), as_attachment=True, download_name=Path(name).stem + ".pdf",
                         mimetype="application/pdf")

    from vanban.web.derive_view import install as install_derive
    from vanban.web.register_view import install as install_register
    install_derive(app, root)
    install_register(app, path_of)
    return app
