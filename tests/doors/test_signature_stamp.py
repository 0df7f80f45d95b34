"""A signed PDF's stamp ("Ký bởi: …", "Thời gian ký: …") is the signature's, not the document's text.

The PDFs are made here: vanban renders a letter, python-docx puts the stamp's lines into it in
8 pt as signing software prints them (at the top of page 1, left or right, one paragraph per line
or one paragraph broken into lines; or in the signature block, between the title and the name),
and LibreOffice prints the PDF. Before, the lines were a comment above the header, or were read
into the header (the national name lost, check failing on the agency's name and the margins).

Door matrix (guarantee x door), each cell one parametrized case below (4 layouts each):

=============================================================================  =======  ===  ===
guarantee                                                                      library  CLI  web
=============================================================================  =======  ===  ===
import: the model equals the unsigned PDF's; no stamp line in it or its         x      x    x
  comments; who signed and when said in one line (warnings / stderr)
check: the stamp judged as no part of the document (the same findings as the    x      x    -
  unsigned PDF), who signed and when in the report (ky_so)
=============================================================================  =======  ===  ===
(web: the derive page imports the PDF as a parent; the follow-up letter cites it, its agency and
its tasks as the unsigned PDF's letter does. -: the web checks only the editor's YAML.)
"""
from __future__ import annotations

import io
import json
import shutil

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
from docx.shared import Pt

import vanban
from conftest import DATA
from support import derive_page
from vanban.cli import main
from vanban.deliver import documents

pytestmark = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")

LETTER = DATA / "lai-chau-ldld-244-2024.yaml"
AGENCY = ["Ký bởi: Liên đoàn Lao động tỉnh Lai Châu", "Email: ldld@laichau.gov.vn", "Cơ quan: Tỉnh Lai Châu",
          "Thời gian ký: 12.03.2024 09:15:22 +07:00"]
PERSON = ["Người ký: Hoàng Văn Trinh", "Cơ quan: Liên đoàn Lao động", "tỉnh Lai Châu", "Ngày ký: 12/03/2024",
          "Giờ ký: 09:15:22"]
#: layout → (lines, where, how)
LAYOUTS = {"top-left": (AGENCY, "top", AL.LEFT), "top-right-breaks": (AGENCY, "top", AL.RIGHT),
           "top-right-wrapped": (PERSON, "top", AL.RIGHT), "signature": (PERSON, "signature", AL.CENTER)}
SAID = {"top-left": ("Liên đoàn Lao động tỉnh Lai Châu", "12.03.2024 09:15:22 +07:00"),
        "top-right-breaks": ("Liên đoàn Lao động tỉnh Lai Châu", "12.03.2024 09:15:22 +07:00"),
        "top-right-wrapped": ("Hoàng Văn Trinh", "12/03/2024 09:15:22"),
        "signature": ("Hoàng Văn Trinh", "12/03/2024 09:15:22")}


def _stamped(layout: str) -> bytes:
    """The letter rendered by vanban with the stamp's lines typed in where ``layout`` says."""
    lines, where, align = LAYOUTS[layout]
    d = docx.Document(io.BytesIO(vanban.render_bytes(vanban.load(LETTER))))
    texts = ["\n".join(lines)] if layout == "top-right-breaks" else lines
    if where == "top":
        anchor, before = d.element.body[0], True
    else:       # under the signer's title, above the name
        cell = d.tables[-1].rows[0].cells[1]
        anchor, before = next(p for p in cell.paragraphs if p.text == "PHÓ CHỦ TỊCH")._p, False
    for text in (texts if before else reversed(texts)):
        p = d.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        for k, part in enumerate(text.split("\n")):
            if k:
                p.add_run().add_break()
            run = p.add_run(part)
            run.font.size, run.font.name = Pt(8), "Times New Roman"
        (anchor.addprevious if before else anchor.addnext)(p._p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The unsigned letter's PDF and one signed PDF per layout, printed by LibreOffice in one call."""
    from vanban.deliver import pdf
    tmp = tmp_path_factory.mktemp("stamps")
    (tmp / "unsigned.docx").write_bytes(vanban.render_bytes(vanban.load(LETTER)))
    for layout in LAYOUTS:
        (tmp / f"{layout}.docx").write_bytes(_stamped(layout))
    outcomes = pdf.convert(sorted(tmp.glob("*.docx")))
    assert all(o.status == "ok" for o in outcomes), outcomes
    return tmp


def _said(layout: str) -> str:
    who, when = SAID[layout]
    return f"digitally signed by {who} at {when} (the signature's stamp on page"


def _import(door: str, path, tmp) -> tuple[dict, list[str], str]:
    """(the model as data, the lines said about the import, the YAML's text or '' for the library)."""
    if door == "library":
        imported = documents.import_any(path)
        return imported.doc.model_dump(), imported.warnings, ""
    out = tmp / f"{path.stem}.yaml"
    r = CliRunner().invoke(main, ["--lang", "en", "import", str(path), "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output       # a stamp is no reason for "written with warnings"
    return vanban.load(out).model_dump(), r.stderr.splitlines(), out.read_text(encoding="utf-8")


#: A union under the letter's: the derive page writes it a follow-up letter of the letter's task 1.
UNION = {"co_quan": {"chu_quan": "LĐLĐ TỈNH LAI CHÂU", "ten": "LĐLĐ HUYỆN TAM ĐƯỜNG", "viet_tat": "LĐLĐ",
                     "dia_danh": "Tam Đường"}, "mau": "cong_doan", "ten_goi": "LĐLĐ huyện Tam Đường",
         "ky": {"tm": "BAN THƯỜNG VỤ", "chuc_vu": "CHỦ TỊCH"}, "cap_duoi": ["Các công đoàn cơ sở"]}


def _letter(path, tmp) -> dict:
    """The follow-up letter the web's derive page writes from ``path`` (the parent) for a union below."""
    return derive_page.follow_up(path, UNION, "1", tmp)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_import_keeps_the_stamp_out_of_the_document_and_says_who_signed(pdfs, door, layout, tmp_path):
    signed, unsigned = pdfs / f"{layout}.pdf", pdfs / "unsigned.pdf"
    if door == "web":
        assert _letter(signed, tmp_path) == _letter(unsigned, tmp_path / "u")
        return
    got, said, text = _import(door, signed, tmp_path)
    want, said_unsigned, _t = _import(door, unsigned, tmp_path / "u" if door == "cli" else tmp_path)
    assert got == want
    assert [s for s in said if "digitally signed" in s] and all(_said(layout) in s for s in said if "signed" in s)
    assert not [s for s in said_unsigned if "signed" in s]
    for line in (x for x in LAYOUTS[layout][0] if ":" in x):     # a wrapped value's words are the letter's too
        assert line.split(":")[0] + ":" not in text and line not in json.dumps(got, ensure_ascii=False)


def _check(door: str, path) -> tuple[list, str]:
    """(every result but the stamp's as (rule, status, found), what the report says of the stamp)."""
    if door == "library":
        report = vanban.check_file(path)
        results = [(r.rule, r.status, r.found) for r in report.results]
        text = " ".join(r.found for r in report.results if r.rule == "ky_so")
    else:
        r = CliRunner().invoke(main, ["--lang", "en", "check", "--format", "json", str(path)])
        assert r.exit_code in (0, 1), r.output
        [report] = json.loads(r.output)
        results = [(x["rule"], x["status"], x["found"]) for x in report["results"]]
        shown = CliRunner().invoke(main, ["--lang", "en", "check", str(path)]).output
        text = " ".join(line.strip() for line in shown.splitlines() if "digitally signed" in line)
    return [x for x in results if x[0] != "ky_so"], text


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("door", ["library", "cli"])
def test_check_judges_the_document_without_its_stamp_and_says_who_signed(pdfs, door, layout):
    got, said = _check(door, pdfs / f"{layout}.pdf")
    want, nothing = _check(door, pdfs / "unsigned.pdf")
    assert got == want and nothing == ""
    assert said.startswith(_said(layout)), said
