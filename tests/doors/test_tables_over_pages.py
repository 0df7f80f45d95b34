"""A table broken over pages comes back as one table, and a different table after it as another
(issue 25, reading/pdf_tables.py), through every door that imports a PDF.

Door matrix (guarantee x door), each cell one parametrized case below:

=====================================================================  =======  ===  ===
guarantee                                                              library  CLI  web
=====================================================================  =======  ===  ===
a table's last row alone on the next page (heading not repeated)          x      x    x
joins the table, cell for cell
a table drawn at another scale and offset on the next page joins, its     x      x    x
heading repeated there no data row, cell for cell
another table with its own heading at the top of the next page (the       x      x    -
same frame) stays a table of its own, cell for cell
=====================================================================  =======  ===  ===
(web: the derive page imports the uploaded PDF as the parent and carries the rows naming the
body, "UBND các xã", into the follow-up letter: one table holding the row on the first page and
the row on the next. -: the second table names no unit, so the letter carries none of it.)
A scan's lone row at another scale: tests/test_tables_over_pages.py (library; OCR costs seconds).
"""
from __future__ import annotations

import shutil

import pytest
import yaml

import vanban
from doors.test_tables_import import BODY, IMPORT_DOORS
from support.table_cases import differences, tables_of
from test_tables_import import _with_xml
from test_tables_over_pages import LONE_WITH_HEADING, page_texts, printed, rescaled, spill, task_numbers, two_tables

if not (shutil.which("soffice") and shutil.which("pdftotext")):
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)

#: Rows whose unit is the body's parent: one on the first page, the last one on the next.
NAMED = {3: "UBND các xã", LONE_WITH_HEADING: "UBND các xã"}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    from vanban.deliver import pdf
    tmp = tmp_path_factory.mktemp("over-pages-doors")
    lone = spill(LONE_WITH_HEADING, units=NAMED)
    docx = tmp / "lone.docx"
    # Its heading row not repeated (as many offices' tables): the last row stands alone on page 2.
    docx.write_bytes(_with_xml(vanban.render_bytes(lone), lambda x: x.replace("<w:tblHeader/>", "")))
    assert pdf.convert([docx])[0].status == "ok"
    assert task_numbers(page_texts(tmp / "lone.pdf")[1]) == [LONE_WITH_HEADING]
    scaled = spill(LONE_WITH_HEADING, units=NAMED)
    path = rescaled(printed(scaled, tmp / "scaled"), tmp / "scaled-97.pdf", 0.97, 12)
    assert "Nội dung công việc" in page_texts(path)[1]       # the heading repeated over the last row
    two = two_tables()
    (tmp / "body.yaml").write_text(yaml.safe_dump(BODY, allow_unicode=True), encoding="utf-8")
    return tmp, {"lone": (lone, tmp / "lone.pdf"), "scaled": (scaled, path),
                 "two": (two, printed(two, tmp / "two"))}


#: The import doors of the table cases' matrix: the web's is the derive page, the uploaded PDF the
#: parent of a follow-up letter to the body (its rows naming "UBND các xã").
DOORS = IMPORT_DOORS


@pytest.mark.parametrize("name", ["lone", "scaled"])
@pytest.mark.parametrize("door", DOORS)
def test_a_table_over_two_pages_comes_back_as_one_through_every_door(files, door, name):
    tmp, docs = files
    model, path = docs[name]
    got = DOORS[door](tmp, path)
    if door == "web":
        # One table, holding the row of page 1 and the row of page 2 that name the body.
        tables = [n["bang"]["dong"] for n in got["noi_dung"] if isinstance(n, dict) and "bang" in n]
        assert [[task_numbers(" ".join(map(str, row))) for row in table] for table in tables] == \
            [[[3], [LONE_WITH_HEADING]]]
        return
    (table,) = tables_of(got)
    assert len(table.cot) == 1 and len(table.dong) == LONE_WITH_HEADING
    assert differences(model, got) == []


@pytest.mark.parametrize("door", ["library", "cli"])
def test_another_table_on_the_next_page_stays_apart_through_every_door(files, door):
    tmp, docs = files
    model, path = docs["two"]
    got = DOORS[door](tmp, path)
    assert [(len(t.cot), len(t.dong)) for t in tables_of(got)] == [(1, 27), (1, 3)]
    assert differences(model, got) == []
