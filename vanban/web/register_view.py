"""Issuing on the page: the next number, the date, the outgoing register.

:mod:`vanban.register` does the work (one transaction per number, the YAML
stamped, the .docx rendered beside it, the row recorded); this module only
shows it.

What the clerk is told carries no path of the server and no command-line
option: a draft issued already (or by a second click at the same moment)
answers 409 with its number; a register busy with another issue answers 503
with "try again" (``Retry-After``) once the register's timeout has passed,
never a hang or a 500.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Optional

from vanban.i18n import N_, _



STATES = {"issued": N_("Issued"), "reserved": N_("Number reserved, not finished"), "cancelled": N_("Cancelled")}


def rows(reg, year: Optional[int]) -> list[dict]:
    """The register's entries of ``year`` as the page's table shows them."""
    with reg.Register() as register:
        entries = register.entries(year=year)
    return [{"so": e.so_ky_hieu, "ngay": e.issued_on.strftime("%d/%m/%Y"), "trich_yeu": e.subject,
             "nguoi_ky": e.signer or e.signer_title, "noi_nhan": "; ".join(e.recipients),
             "tinh_trang": _(STATES[e.state]) if e.state in STATES else str(e.state), "ly_do": e.reason or ""}
            for e in entries]


def public(exc: Exception) -> str:
    """The problems of ``exc`` naming files by their name only (the server's folders are not the
    visitor's business), any database URL with its password masked."""
    from vanban.register import masked
    problems = getattr(exc, "problems", None)
    if not problems:
        return masked(str(exc))
    return "\n".join(masked(str(type(p)(Path(p.file).name, p.line, p.field, p.message))) for p in problems)


def refusal(code: int, message: str, headers: Optional[dict] = None):
    from flask import render_template
    return render_template("error.html", code=code, message=message), code, headers or {}


def install(app, path_of) -> None:
    from flask import abort, redirect, render_template, request, url_for

    @app.get("/register")
    def register_page():
        import vanban.register as reg
        year = request.args.get("nam", type=int) or _dt.date.today().year
        note, table = "", []
        try:
            table = rows(reg, year)
        except Exception as exc:  # an unreachable database server is said on the page, its password masked
            note = _("Cannot read the register: {error}").format(error=reg.masked(str(exc)))
        return render_template("register.html", rows=table, note=note, year=year,
                               issued=request.args.get("da_cap"), warnings=request.args.getlist("canh_bao"))

    @app.post("/issue/<name>")
    def issue(name: str):
        import vanban.register as reg
        path: Path = path_of(name)
        if not path.is_file():
            abort(404)
        day = None
        if request.form.get("ngay"):
            try:
                day = _dt.date.fromisoformat(request.form["ngay"])
            except ValueError:
                return refusal(400, _("Write the date of issue as 2024-05-10."))
        from vanban.model.loader import InputError
        try:
            with reg.Register() as register:
                done = reg.issue_file(path, register, day=day)
        except reg.AlreadyIssued as exc:
            return refusal(409, _("{name} is already issued as số {number}.").format(name=name, number=exc.number))
        except reg.RegisterBusy as exc:
            return refusal(503, str(exc), {"Retry-After": "5"})
        except (InputError, reg.RegisterError) as exc:
            return refusal(400, _("Cannot issue {name}:\n{problems}").format(name=name, problems=public(exc)))
        return redirect(url_for(".register_page", nam=done.entry.year, da_cap=f"{done.entry.so_ky_hieu} — {name}",
                                canh_bao=done.warnings))
