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
    visitor's business), any database URL with its password masked; the command that sets a Party
    body's term named as the page that sets it here."""
    import re

    from vanban.register import masked
    problems = getattr(exc, "problems", None)
    if not problems:
        return re.sub(r"vanban register body \S+ --nhiem-ky YYYY-MM-DD",
                      _("the box “First day of the term” on the page Outgoing register"), masked(str(exc)))
    return "\n".join(masked(str(type(p)(Path(p.file).name, p.line, p.field, p.message))) for p in problems)


def refusal(code: int, message: str, headers: Optional[dict] = None):
    from flask import render_template
    return render_template("error.html", code=code, message=message), code, headers or {}


def typed_date(text: str) -> _dt.date:
    """The date of issue as she typed it (15/12/2026, 2026-12-15, ngày 15 tháng 12 năm 2026);
    ValueError with the message to show."""
    from vanban.decree.vn import parse_typed_date
    parts = parse_typed_date(text or "")
    if parts is None or None in parts:
        raise ValueError(_("Write the date of issue as 15/12/2026."))
    try:
        return _dt.date(*parts)
    except ValueError:
        raise ValueError(_("{date} is not a date.").format(date=text)) from None


def plan(doc, register) -> dict:
    """What issuing ``doc`` would do: the number it takes (now), the date it proposes, what it lacks."""
    import vanban.register as reg
    from vanban.model.required import PARTS, missing_parts
    facts = reg.facts_of(doc)
    day = doc.ngay.date or _dt.date.today()   # the draft's own date first: a draft dated 15/12 is issued 15/12
    number = register.next_number(facts, day, register.series_for(facts))   # a Party body's: in its term
    from vanban.register.store import number_code
    return {"number": number_code(number, doc.code, facts.party), "date": day.strftime("%d/%m/%Y"),
            "missing": [_(PARTS[p]) for p in missing_parts(doc)]}


def my_body():
    """The register's body for her agency ('Cơ quan của tôi'), or None before it is set."""
    from vanban.model import CoQuan
    from vanban.register.bodies import issuing_body
    from vanban.web import settings_view
    co_quan = settings_view.load().get("co_quan")
    try:
        return issuing_body(CoQuan.model_validate(co_quan)) if isinstance(co_quan, dict) else None
    except ValueError:
        return None


def terms_shown(register, found) -> dict:
    """Her agency's committee terms as the register page shows them (first day, label, the latest last)."""
    from vanban.register.terms import label, shown
    from vanban.web import settings_view
    body = register.body(found.key) or found
    return {"name": found.name, "party": settings_view.load().get("mau") == "dang" or bool(body.terms),
            "terms": [{"start": t, "first_day": shown(t), "label": label(body.terms, t)} for t in body.terms]}


def set_term(register, found, day: str, new: bool) -> str:
    """Set her agency's term first day (``new``: begin a new term) through the call ``vanban register
    body --nhiem-ky | --nhiem-ky-moi`` makes; the problem to show, or ''."""
    from vanban.model.loader import InputError
    from vanban.register.bodies import update_found
    try:
        update_found(register, found, _("My agency"), term=None if new else day, new_term=day if new else None)
    except InputError as exc:
        # The library names the command's option; the page has a button for it.
        return "\n".join(p.message.replace("--nhiem-ky-moi", _("the button “{label}”").format(label=_("Begin a new term")))
                         for p in exc.problems)
    return ""


def install(app, path_of) -> None:
    from flask import abort, redirect, render_template, request, send_file, url_for

    from vanban.web.shared import root

    def links(table: list[dict], entries) -> None:
        for row, e in zip(table, entries):
            name = Path(e.yaml_path).name if e.yaml_path else ""
            row["file"] = name if name and Path(e.yaml_path).parent == root() and (root() / name).is_file() else ""
            row["number"], row["code"], row["year"] = e.number, e.code, e.year
            row["id"], row["issued"] = e.id, e.state == "issued"

    @app.get("/register")
    def register_page():
        import vanban.register as reg
        year = request.args.get("nam", type=int) or _dt.date.today().year
        note, table, terms, found = "", [], None, my_body()
        try:
            table = rows(reg, year)
            with reg.Register() as register:
                links(table, register.entries(year=year))
                terms = terms_shown(register, found) if found else None
        except Exception as exc:  # an unreachable database server is said on the page, its password masked
            note = _("Cannot read the register: {error}").format(error=reg.masked(str(exc)))
        return render_template("register.html", rows=table, note=note, year=year, terms=terms,
                               issued=request.args.get("da_cap"), warnings=request.args.getlist("canh_bao"))

    @app.post("/register/term")
    def register_term():
        import vanban.register as reg
        found = my_body()
        if found is None:
            return refusal(400, _("Set your agency first (My agency), then its committee term."))
        with reg.Register() as register:
            error = set_term(register, found, request.form.get("ngay", ""), request.form.get("moi") == "1")
        if error:
            return refusal(400, error)
        return redirect(url_for(".register_page"))

    def xlsx(name: str, **which):
        # The same call as `vanban register export --format xlsx` (the term's sheet headed "Nhiệm kỳ …").
        import io

        import vanban.register as reg
        from vanban.register.export import export
        with reg.Register() as register:
            blob = export(register, "xlsx", **which)
        return send_file(io.BytesIO(blob), as_attachment=True, download_name=name,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.get("/register/so-<int:year>.xlsx")
    def register_xlsx(year: int):
        return xlsx(f"so-van-ban-di-{year}.xlsx", year=year)

    @app.get("/register/nhiem-ky-<start>.xlsx")
    def register_term_xlsx(start: str):
        from vanban.register.terms import parse_start
        try:
            start = parse_start(start)
        except ValueError as exc:
            return refusal(400, str(exc))
        return xlsx(f"so-van-ban-di-nhiem-ky-{start}.xlsx", term=start)

    @app.get("/register/<int:entry_id>.edxml")
    def register_edxml(entry_id: int):
        # The message `vanban register export --format edxml` writes for this row, to send to another agency.
        import io

        import vanban.register as reg
        from vanban.model.loader import InputError
        from vanban.register.edxml_export import message_name, message_of
        with reg.Register() as register:
            entry = register.entry(entry_id)
            if entry is None or entry.state != "issued":
                return refusal(404, _("No issued document with that number in the register."))
            try:
                blob = message_of(register, entry)
            except InputError as exc:   # its .docx or PDF is gone from the disk
                return refusal(409, "\n".join(p.message for p in exc.problems))
        return send_file(io.BytesIO(blob), as_attachment=True, download_name=message_name(entry),
                         mimetype="application/xml")

    @app.post("/register/cancel")
    def cancel():
        import vanban.register as reg
        number, year = request.form.get("so", type=int), request.form.get("nam", type=int)
        reason = (request.form.get("ly_do") or "").strip()
        if not reason:
            return refusal(400, _("Give the reason the number is cancelled."))
        try:
            with reg.Register() as register:
                register.cancel(number, request.form.get("ky_hieu", ""), year, reason)
        except reg.RegisterError as exc:
            return refusal(400, public(exc).replace("--reason", "").replace("--body", "").replace("--series", ""))
        return redirect(url_for(".register_page", nam=year))

    def confirm_page(name: str, doc, code: int = 200, error: str = "", day: str = ""):
        import vanban.register as reg
        try:
            with reg.Register() as register:
                shown = plan(doc, register)
        except reg.RegisterBusy as exc:
            return refusal(503, str(exc), {"Retry-After": "5"})
        except reg.RegisterError as exc:   # the page that would show the number cannot read the register
            return refusal(400, _("Cannot issue {name}:\n{problems}").format(name=name, problems=public(exc)))
        return render_template("issue.html", name=name, plan=shown, error=error, day=day or shown["date"]), code

    @app.get("/issue/<name>")
    def issue_confirm(name: str):
        import vanban.register as reg
        from vanban.web.documents_view import load_served
        doc = load_served(name)
        if doc.so is not None:
            return refusal(409, _("{name} is already issued as số {number}.").format(
                name=name, number=reg.numbered_as(doc)))
        return confirm_page(name, doc)

    @app.post("/issue/<name>")
    def issue(name: str):
        import vanban.register as reg
        path: Path = path_of(name)
        if not path.is_file():
            abort(404)
        from vanban.model.loader import InputError
        day = None
        if request.form.get("ngay"):
            try:
                day = typed_date(request.form["ngay"])
            except ValueError as exc:
                from vanban.web.documents_view import load_served
                return confirm_page(name, load_served(name), 400, str(exc), request.form["ngay"])
        from vanban.model.required import missing_parts
        from vanban.web.documents_view import load_served
        doc = load_served(name)
        if doc.so is not None:
            return refusal(409, _("{name} is already issued as số {number}.").format(
                name=name, number=reg.numbered_as(doc)))
        # Issued only from the page that showed the number, the date and what is missing, and
        # with a document lacking a required part only once she has said to go on.
        if request.form.get("xac_nhan") != "1" or (missing_parts(doc) and request.form.get("thieu") != "1"):
            return confirm_page(name, doc, 400 if request.form.get("xac_nhan") == "1" else 200,
                                _("Tick the box to issue it without the missing parts.")
                                if request.form.get("xac_nhan") == "1" else "", request.form.get("ngay", ""))
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
