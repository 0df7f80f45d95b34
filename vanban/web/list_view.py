"""The list page's actions: rename, duplicate, delete to the bin, restore, empty the bin.

Thin: the work is in :mod:`vanban.web.filing`; every answer is a redirect back to the list with
a status line, or one clear message with a 4xx status (never a path of the server).
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from vanban.i18n import _
from vanban.web import filing, folder
from vanban.web.shared import name_too_long, path_of, root, state

blueprint = Blueprint("listing", __name__)


def _refuse(code: int, message: str):
    return render_template("error.html", code=code, message=message), code


def _new_name() -> str:
    name = (request.form.get("ten_moi") or "").strip()
    if name and not name.lower().endswith(folder.SUFFIXES):
        name += ".yaml"
    return name


def _bad_name():
    return _refuse(400, _("Not a valid file name: give one file name (at most 255 bytes, not a name Windows "
                          "reserves such as con.yaml), e.g. cv-moi.yaml."))


def _done(message: str):
    return redirect(url_for("documents.index", xong=message))


def _issued(name: str):
    """A refusal when the register has a live number for ``name``: its entry points to this file by
    its name, so renaming or binning it would leave the register's link pointing nowhere."""
    import vanban.register as reg
    path = root() / name
    try:
        with reg.Register() as register:
            live = register.live(str(path)) or register.live(str(path.resolve()))
    except Exception:   # a register that cannot be read does not stop her filing her own drafts
        return None
    if not live:
        return None
    return _refuse(409, _("{name} has been issued (Số {number}); the register points to it by this name. Start a "
                          "new document from it, or cancel its number in the register first.")
                   .format(name=name, number=live[0].so_ky_hieu))


def _act(action, *args):
    """``action(root, *args)`` under the save lock; the usual refusals as pages."""
    try:
        with state()["save_lock"]:
            return action(root(), *args), None
    except folder.PathRefused:
        return None, _bad_name()
    except filing.Taken as exc:
        return None, _refuse(409, _("{name} already exists; choose another name.").format(name=exc.args[0]))
    except FileNotFoundError:
        abort(404)


@blueprint.post("/rename/<name>")
def rename(name: str):
    if not path_of(name).is_file():
        abort(404)
    new = _new_name()
    if not new or name_too_long(new):
        return _bad_name()
    issued = _issued(name)
    if issued:
        return issued
    _done_path, refused = _act(filing.rename, name, new)
    return refused or _done(_("{old} renamed {new}.").format(old=name, new=new))


@blueprint.post("/duplicate/<name>")
def duplicate(name: str):
    from vanban.model.loader import InputError
    if not path_of(name).is_file():
        abort(404)
    new = _new_name()
    if name_too_long(new):
        return _bad_name()
    try:
        path, refused = _act(filing.duplicate, name, new)
    except (InputError, UnicodeDecodeError):
        return _refuse(400, _("{name} has errors; correct it before starting from it.").format(name=name))
    return refused or redirect(url_for("documents.edit", name=path.name))


@blueprint.post("/delete/<name>")
def delete(name: str):
    if not path_of(name).is_file():
        abort(404)
    issued = _issued(name)
    if issued:
        return issued
    _kept, refused = _act(filing.to_bin, name)
    return refused or _done(_("{name} moved to the bin.").format(name=name))


@blueprint.post("/bin/restore/<name>")
def restore(name: str):
    if name_too_long(name):
        return _bad_name()
    _done_path, refused = _act(filing.restore, name)
    return refused or _done(_("{name} restored.").format(name=name))


@blueprint.route("/bin/empty", methods=["GET", "POST"])
def empty():
    """Emptying the bin asks first: a page naming what goes, removed only once she confirms."""
    names = filing.in_bin(root())
    if request.method == "GET" or request.form.get("xac_nhan") != "1":
        return render_template("bin_empty.html", names=names)
    count, _refused = _act(filing.empty_bin)
    return _done(_("The bin was emptied ({n} documents removed).").format(n=count))


__all__ = ["blueprint"]
