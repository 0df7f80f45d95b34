"""Issuing on the page: the next number, the date, the outgoing register (when it is installed).

:mod:`vanban.register` does the work (one transaction per number, the YAML
stamped, the .docx rendered beside it, the row recorded); this module only
shows it. Without the register the page says so and the editor shows no
"Cấp số" button.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Optional


def register_module() -> Optional[Any]:
    """:mod:`vanban.register`, or None while it is not installed."""
    try:
        import vanban.register as reg  # type: ignore[import-not-found]  (issue 13)
    except ImportError:
        return None
    return reg


STATES = {"issued": "Đã ban hành", "reserved": "Đã giữ số, chưa xong", "cancelled": "Đã hủy"}


def rows(reg, year: Optional[int]) -> list[dict]:
    """The register's entries of ``year`` as the page's table shows them."""
    with reg.Register() as register:
        entries = register.entries(year=year)
    return [{"so": e.so_ky_hieu, "ngay": e.issued_on.strftime("%d/%m/%Y"), "trich_yeu": e.subject,
             "nguoi_ky": e.signer or e.signer_title, "noi_nhan": "; ".join(e.recipients),
             "tinh_trang": STATES.get(str(e.state).lower(), str(e.state)), "ly_do": e.reason or ""}
            for e in entries]


def install(app, path_of) -> None:
    from flask import abort, redirect, render_template, request, url_for

    @app.get("/register")
    def register_page():
        reg = register_module()
        year = request.args.get("nam", type=int) or _dt.date.today().year
        note, table = "", []
        if reg is None:
            note = "Sổ đăng ký văn bản đi chưa được cài đặt trong phiên bản này."
        else:
            try:
                table = rows(reg, year)
            except Exception as exc:  # an unreachable database server is said on the page
                note = f"Không đọc được sổ đăng ký: {exc}"
        return render_template("register.html", rows=table, note=note, year=year,
                               issued=request.args.get("da_cap"), warnings=request.args.getlist("canh_bao"))

    @app.post("/issue/<name>")
    def issue(name: str):
        reg = register_module()
        if reg is None:
            abort(404)
        path: Path = path_of(name)
        if not path.is_file():
            abort(404)
        day = None
        if request.form.get("ngay"):
            try:
                day = _dt.date.fromisoformat(request.form["ngay"])
            except ValueError:
                return render_template("error.html", code=400, message="Ngày ban hành ghi theo dạng 2024-05-10."), 400
        from vanban.model.loader import InputError
        try:
            with reg.Register() as register:
                done = reg.issue_file(path, register, day=day)
        except (InputError, reg.RegisterError) as exc:
            return render_template("error.html", code=400, message=f"Không cấp số được cho {name}:\n{exc}"), 400
        return redirect(url_for(".register_page", nam=done.entry.year, da_cap=f"{done.entry.so_ky_hieu} — {name}",
                                canh_bao=done.warnings))
