"""The editor's form: the model's JSON schema, labelled from the schema's own titles, and new documents.

The page builds its fields from :func:`form_schema` (pydantic's schema of
:class:`~vanban.model.VanBan`, so a field added to the model appears in the
form). Each field's label and help are the title and description the JSON
schema of :mod:`vanban.model.jsonschema` gives it, in the reader's language:
the form and an editor reading ``vanban schema`` say the same thing.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from vanban.i18n import N_, _
from vanban.model import jsonschema
from vanban.model.loader import load_text
from vanban.model.required import REQUIRED
from vanban.model.schema import KINDS, Loai, Mau
from vanban.web import tables_view

#: Where each model's fields sit in the form (list positions left out).
PREFIXES = {"VanBan": "", "CoQuan": "co_quan.", "ChuKy": "ky.", "Muc": "muc.", "PhuLuc": "phu_luc.", "Bang": "bang."}

#: What an empty field prints, shown in it as a hint.
PLACEHOLDERS = {"luu": "VT", "ngay": "15/12/2026", "so": N_("(draft: leave empty)"),
                "ky_hieu": N_("(composed automatically)")}

#: The editor script's words (key → English message id), sent with the form and shown through gettext.
EDITOR_TEXTS = {
    'no_heading': N_('(no heading)'),
    'heading_of': N_('Heading of section {path}'),
    'paragraph_at': N_('Paragraph {path}'),
    'undo': N_('Undo'),
    'redo': N_('Redo'),
    'undo_title': N_('Undo the last change (text or sections)'),
    'redo_title': N_('Redo what was undone'),
    'nothing_to_undo': N_('Nothing to undo.'),
    'recover_found': N_('An unsaved copy of this document from {time} was kept in this browser.'),
    'recover_found_server': N_('An unsaved copy of this document from {time} was kept on the server '
                               '(typed on this computer or another one).'),
    'recover_newer': N_('The file was saved elsewhere since; restoring your copy and saving will replace that version.'),
    'recover': N_('Restore my copy'),
    'discard': N_('Discard it'),
    'recovered': N_('Your unsaved copy is restored; save it to keep it.'),
    'conflict_title': N_('This file was saved elsewhere (another tab or program) while you were writing.'),
    'conflict_mine': N_('Your version'),
    'conflict_theirs': N_('The saved version'),
    'keep_mine': N_('Keep mine (save over the other)'),
    'take_theirs': N_('Take the saved version'),
    'conflict_same': N_('(the same)'),
    'pasted': N_('Pasted from Word: {changes}.'),
    'paste_undo': N_('Undo the paste'),
    'paste_failed': N_('The paste could not be cleaned; it was inserted as it was.'),
    'preview_hide': N_('Hide the preview'),
    'preview_show': N_('Show the preview'),
    'required_part': N_('Required before issuing'),
    'date_pick': N_('Choose the date in a calendar'),
    'actions_on': N_('Actions on section {path}'),
    'move_up': N_('Move up'),
    'move_down': N_('Move down'),
    'outdent': N_('Move out one level'),
    'indent': N_('Indent as a sub-section of the section above'),
    'add_signer': N_('+ Add a signer'),
    'remove_signer': N_('Remove this signer'),
    'signer_n': N_('Signer {n}'),
    'add_paragraph_short': N_('+ Paragraph'),
    'add_paragraph_after': N_('Add a paragraph after this section'),
    'add_section_short': N_('+ Section'),
    'add_section_after': N_('Add a section with a heading after this one'),
    'add_sub_short': N_('+ Sub-section'),
    'add_sub': N_('Add a sub-section'),
    'delete_section': N_('Delete this section'),
    'delete_section_confirm': N_('Delete this section with its sub-sections?'),
    'paragraphs_under': N_('Paragraphs under the heading {path}'),
    'paragraphs_under_hint': N_('Paragraphs under the heading (one a line)'),
    'sub_numbering': N_('Numbering of the sub-sections'),
    'after_subs_at': N_('Paragraphs after the sub-sections {path}'),
    'section_options': N_('Section options'),
    'after_subs': N_('Paragraphs after the sub-sections'),
    'add_paragraph': N_('+ Add a paragraph'),
    'add_paragraph_end': N_('Add a paragraph at the end of the body'),
    'add_section': N_('+ Add a section'),
    'add_section_end': N_('Add a section with a heading at the end of the body'),
    'delete_note': N_('Delete footnote {key}'),
    'note_where': N_('Put the cursor in the paragraph to annotate first.'),
    'formatting': N_('Text formatting'),
    'bold_title': N_('Bold (**…**), Ctrl+B'),
    'bold': N_('Bold'),
    'italic_title': N_('Italic (*…*), Ctrl+I'),
    'italic': N_('Italic'),
    'note_title': N_('Add a footnote at the cursor'),
    'note': N_('Footnote'),
    'problem': N_('Error: {message}'),
    'finding_detail': N_(' (expected: {expected}; found: {found})'),
    'finding': N_('Layout: {title}'),
    'server_error': N_('Server error ({status})'),
    'preview_updating': N_('Updating the print preview…'),
    'preview_blocked': N_('The document has errors; the print preview is not updated.'),
    'page_alt': N_('Page {n} of the print preview'),
    'pages': N_('({shown}/{total} pages)'),
    'preview_done': N_('The print preview is up to date.'),
    'unsaved': N_('Not saved'),
    'saving': N_('Saving…'),
    'saved_at': N_('Saved at {time}'),
    'save_failed': N_('Could not save ({status})'),
}


#: Fields only some kinds print, by the kinds that use them; the form hides them for the others
#: (unless they hold text already, so nothing she wrote disappears).
KIND_FIELDS = {"tham_quyen": ("quyet_dinh",), "kinh_gui": ("cong_van", "to_trinh", "bao_cao"),
               "don_vi_soan_thao": ("cong_van",),
               # the left signer: only the kinds signed twice (biên bản, hợp đồng, bản ghi nhớ, bản thỏa thuận)
               "ky_ben_trai": tuple(loai.value for loai, info in KINDS.items() if info.signatures >= 2)}
KIND_FIELDS["ky_them"] = KIND_FIELDS["ky_ben_trai"]     # further parties: the same kinds

#: The left signer's fieldset: its name and help here, its fields labelled as the signer's (``ky.``).
#: The form shows these as lists of named choices; the schema's help, written for YAML (its keys
#: and the command that lists them), is not for a clerk choosing from the list.
CHOICE_HELP = {"loai": N_("The kind of document: the form then shows the parts that kind has."),
               "mau": N_("Whose rules the layout follows: a state agency, a trade union or a Party body.")}

LEFT_SIGNER = {"label": N_("Left signature (second signer)"),
               "help": N_("Biên bản: the secretary (THƯ KÝ), the chair signs on the right; hợp đồng, bản ghi nhớ, "
                          "bản thỏa thuận: the representative of party A (ĐẠI DIỆN BÊN A), party B on the right. "
                          "Leave every box empty for one signature.")}


MORE_SIGNERS = {"label": N_("Further signers"),
                "help": N_("A third or fourth party signing side by side (a biên bản of four parties, ĐẠI DIỆN BÊN C): "
                           "printed two to a row under the first two signers. Fill in the left signature first.")}


def kind_labels() -> dict[str, str]:
    """Each kind by the name the decree gives it."""
    return {loai.value: info.name for loai, info in KINDS.items()}


def profile_labels() -> dict[str, str]:
    return {m.value: _(jsonschema.CHOICES[m.value]) for m in Mau}


def numbering_labels() -> dict[str, str]:
    return {"": _("Default"), **{k: jsonschema.numbering_label(k) for k in jsonschema.NUMBERING}}


def labels() -> dict[str, dict[str, str]]:
    """label and help of every field by its path in the form, from the schema's titles and descriptions."""
    schema = jsonschema.json_schema()
    models: dict[str, Any] = {"VanBan": schema, **schema.get("$defs", {})}
    out = {}
    for model, prefix in PREFIXES.items():
        for field, spec in models.get(model, {}).get("properties", {}).items():
            title = spec.get("title") or field
            out[prefix + field] = {"label": title, "help": spec.get("description", "")}
    out |= {"ky_ben_trai." + k[len("ky."):]: v for k, v in out.items() if k.startswith("ky.")}
    out["ky_ben_trai"] = {k: _(v) for k, v in LEFT_SIGNER.items()}
    out |= {"ky_them." + k[len("ky."):]: v for k, v in out.items() if k.startswith("ky.")}
    out["ky_them"] = {k: _(v) for k, v in MORE_SIGNERS.items()}
    for field, help_text in CHOICE_HELP.items():
        out[field] = {**out[field], "help": _(help_text)}
    return out


def form_schema() -> dict:
    """What the page needs to build the form."""
    return {"schema": jsonschema.model_schema(), "labels": labels(),
            "placeholders": {k: _(v) for k, v in PLACEHOLDERS.items()},
            "kinds": kind_labels(), "profiles": profile_labels(), "numbering": numbering_labels(),
            "texts": {k: _(v) for k, v in (EDITOR_TEXTS | tables_view.TABLE_TEXTS).items()}, "kind_fields": KIND_FIELDS,
            "required": {loai.value: list(paths) for loai, paths in REQUIRED.items()}}


def skeleton_text(loai: Loai, mau: Mau) -> str:
    """``vanban new``'s commented skeleton: the page starts from the same file the command
    writes, every key explained in a comment that saving keeps."""
    from vanban.model.skeleton import skeleton
    text = skeleton(loai, mau, schema=None)
    load_text(text)   # it validates as written, or the page would open a file it cannot save
    return text


# ------------------------------------------------------------------ the model's problems in the form's words
#: A field's key in a message: a YAML key (``chuc_vu``), a dotted path (``ky_ben_trai.ho_ten``,
#: ``noi_dung[2].doan``), not a word inside a quoted value. English words that are also keys
#: (``so``, ``ten``) count only when written as a key (``so:``) or a path.
_KEY = re.compile(r'"[^"]*"|(?<![\w.\[])([a-z][a-z_]*(?:(?:\.[a-z][a-z_]*)|\[\d+\]|\.\d+)*)(:?)(?![\w(])')
_WORDS_TOO = {"so", "ten", "q"}


def _segments(path: str) -> list[str]:
    return [s for s in re.split(r"[.\[\]]+", path) if s and not s.isdigit()]


def label_of(path: str, table: Optional[dict] = None) -> Optional[str]:
    """The form's label of the field at ``path`` (``ky_ben_trai.chuc_vu``, ``noi_dung.0.muc.1.tieu_de``),
    read from :func:`labels`: the longest tail of the path that names a field, else any field of that name."""
    table = labels() if table is None else table
    parts = _segments(path)
    for start in range(len(parts)):
        if ".".join(parts[start:]) in table:
            return table[".".join(parts[start:])]["label"]
    if parts:
        for key, spec in table.items():
            if key.rsplit(".", 1)[-1] == parts[-1]:
                return spec["label"]
    return None


def in_form_words(field: str, message: str, table: Optional[dict] = None) -> str:
    """``message`` with each YAML key it names replaced by the label the form shows for it, looked up
    beside ``field`` first (``chuc_vu`` in a problem of ``ky_ben_trai`` is that signer's title)."""
    table = labels() if table is None else table
    here = ".".join(_segments(field))

    def label(m: re.Match) -> str:
        key, colon = m.group(1), m.group(2)
        if key is None or (key in _WORDS_TOO and not colon):
            return m.group(0)
        found = None
        for base in (here, here.rpartition(".")[0], ""):
            found = found or (table.get(f"{base}.{'.'.join(_segments(key))}".lstrip("."), {}).get("label"))
        found = found or (label_of(key, table) if "." in key or "_" in key or key in _last_names(table) else None)
        if not found:
            return m.group(0)
        # "(tieu_de:, doan:)" lists keys as YAML writes them; a label needs no colon there.
        return f"“{found}”" + (colon if m.end() < len(m.string) and m.string[m.end()] == " " else "")

    return _KEY.sub(label, message)


def _last_names(table: dict) -> set[str]:
    return {key.rsplit(".", 1)[-1] for key in table}
