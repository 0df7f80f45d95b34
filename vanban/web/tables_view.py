"""What the table editor of the page needs from the server: the rows of a table kept in a
spreadsheet (shown read-only, the spreadsheet stays the clerk's record of them), and the words
of the table and appendix editor (``static/table_editor.js``, ``static/appendix_editor.js``).

Tables and appendices are saved, reviewed and previewed with the rest of the document (the
editor's one save path, :mod:`vanban.model.yamledit`); nothing here writes.
"""
from __future__ import annotations

from flask import Blueprint, jsonify

from vanban.i18n import N_, _
from vanban.model import sheets
from vanban.web.shared import json_body, root

blueprint = Blueprint("tables", __name__)

#: The table and appendix editor's words (key → English message id), sent with the form.
TABLE_TEXTS = {
    'add_table_short': N_('+ Table'),
    'add_table_after': N_('Add a table after this one'),
    'add_table': N_('+ Add a table'),
    'add_table_end': N_('Add a table at the end'),
    'add_table_in': N_('+ Table under the heading'),
    'add_table_in_title': N_('Add a table under the heading, after its paragraphs'),
    'table_at': N_('Table {path}'),
    'table_caption': N_('Caption printed above the table (optional)'),
    'table_options': N_('Table options'),
    'delete_table': N_('Delete this table'),
    'delete_table_confirm': N_('Delete this table with all its rows?'),
    'cell_at': N_('Cell: row {row}, column {col}'),
    'heading_cell_at': N_('Heading cell: row {row}, column {col}'),
    'row_above': N_('+ Row above'),
    'row_below': N_('+ Row below'),
    'row_delete': N_('Delete the row'),
    'row_up': N_('Row up'),
    'row_down': N_('Row down'),
    'col_left': N_('+ Column left'),
    'col_right': N_('+ Column right'),
    'col_delete': N_('Delete the column'),
    'col_move_left': N_('Column left'),
    'col_move_right': N_('Column right'),
    'merge_right': N_('Merge right'),
    'merge_down': N_('Merge down'),
    'unmerge': N_('Unmerge'),
    'heading_add': N_('+ Heading row'),
    'heading_add_title': N_('Make the first row a heading row (repeated on every page)'),
    'heading_remove': N_('− Heading row'),
    'heading_remove_title': N_('Make the last heading row an ordinary row'),
    'pick_cell': N_('Click a cell first.'),
    'cannot_move': N_('A merged cell crosses this row or column; unmerge it first.'),
    'cannot_merge': N_('Only cells of the same height (or width) side by side can be merged.'),
    'too_many_cols': N_('A table has at most {n} columns.'),
    'tt_column': N_('TT'),
    'widths_hint': N_('e.g. 1, 6, 2, 3, 3 (empty: equal widths)'),
    'paste_hint': N_('Paste a range copied from Excel or Word into a cell: it fills the cells from there.'),
    'sheet_rows': N_('Rows from the spreadsheet {file} (read-only: edit them in the spreadsheet)'),
    'sheet_loading': N_('Reading the spreadsheet…'),
    'table_tools': N_('Table tools'),
    'appendix_n': N_('Appendix {n}'),
    'add_appendix': N_('+ Add an appendix'),
    'add_appendix_title': N_('Add an appendix at the end of the document'),
    'appendix_new_name': N_('Name of the appendix'),
    'delete_appendix': N_('Delete this appendix'),
    'delete_appendix_confirm': N_('Delete this appendix with its content?'),
    'appendix_up': N_('Move the appendix up'),
    'appendix_down': N_('Move the appendix down'),
    'appendix_body': N_('Content of the appendix'),
}


@blueprint.post("/api/sheet-rows")
def sheet_rows():
    """The rows of ``{tep, trang, vung}`` read from the served folder, as text; 422 naming why not."""
    body = json_body()
    name, sheet, area = (body.get(k) if isinstance(body.get(k), str) and body.get(k) else None
                         for k in ("tep", "trang", "vung"))
    if not name:
        return jsonify(error=_("give the spreadsheet's name (tep:)")), 422
    try:
        rows = sheets.read_rows(name, name, sheet, area, root())
    except sheets.SheetError as exc:
        return jsonify(error=f"{name}: {exc.message}"), 422
    except OSError as exc:
        # The message is extracted whole: a _() nested in an f-string is seen by some Pythons' extractors only.
        reason = exc.strerror or _("could not be read")
        return jsonify(error=f"{name}: {reason}"), 422
    return jsonify(file=name, rows=rows)
