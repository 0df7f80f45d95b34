"""The example plan with its assignment table and landscape appendix, on paper (LibreOffice):
the table's heading repeats on the next page, the appendix is a landscape page numbered apart."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from conftest import DATA
from vanban.deliver import pdf
from vanban.model import load_text
from vanban.model.loader import load_file
from vanban.rendering.renderer import render_bytes

if not (shutil.which("soffice") and shutil.which("pdftotext")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice and poppler-utils are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)


def _pdf(tmp_path, data: bytes):
    docx = tmp_path / "kh.docx"
    docx.write_bytes(data)
    outcome = pdf.convert([docx])[0]
    assert outcome.status == "ok", outcome.error
    return tmp_path / "kh.pdf"


def _pages(path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def _text(path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_the_example_on_paper(tmp_path):
    path = _pdf(tmp_path, render_bytes(load_file(DATA / "ke-hoach-bang-phan-cong.yaml")))
    sizes = _pages(path)
    assert len(sizes) == 3
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]      # portrait, then the landscape appendix
    first = _text(path, 1)
    assert "Đơn vị thực hiện" in first and "Phối hợp" in first and "Rà soát, thống kê trẻ em" in first
    last = _text(path, 3)
    assert "Phụ lục" in last and "(Kèm theo Kế hoạch số 87/KH-UBND ngày 08/3/2024" in last
    assert "Xã Hoang Thèn" in last


def test_a_long_table_repeats_its_heading_on_every_page(tmp_path):
    rows = "\n".join(f'          - ["Nhiệm vụ số {k} của kế hoạch", "Tháng {k % 12 + 1}", Phòng Nội vụ]'
                     for k in range(1, 81))
    doc = load_text(f"""loai: ke_hoach
co_quan: {{ten: [ỦY BAN NHÂN DÂN, HUYỆN PHONG THỔ], viet_tat: UBND, dia_danh: Phong Thổ}}
ngay: 2024-03
trich_yeu: Thử bảng dài
noi_dung:
  - bang:
      so_thu_tu: true
      cot: [TT, Nội dung công việc, Thời gian, Đơn vị chủ trì]
      dong:
{rows}
ky: {{tm: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH}}
phu_luc:
  - ten: Danh sách
    noi_dung: [Một dòng.]
  - ten: Danh sách hai
    noi_dung: [Hai dòng.]
""")
    path = _pdf(tmp_path, render_bytes(doc))
    sizes = _pages(path)
    assert len(sizes) >= 4
    table_pages = [k for k in range(1, len(sizes) - 1) if "Nhiệm vụ số" in _text(path, k)]
    assert len(table_pages) >= 2
    for k in table_pages:
        assert "Nội dung công việc" in _text(path, k), f"page {k} lacks the repeated heading row"
    # Each appendix starts its own page, numbered afresh: no page number on its first page.
    last, before = _text(path, len(sizes)), _text(path, len(sizes) - 1)
    assert "Phụ lục II" in last and "Phụ lục I" in before and "Phụ lục II" not in before
    # Page numbers start again in each appendix, and its first page shows none (as the document's).
    assert not re.search(r"^\s*\d+\s*$", last.strip().splitlines()[0])
