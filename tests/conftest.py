"""Shared fixtures: the five reference documents, rendered once per test session."""
from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

import vanban

# Tests assert the English message ids; Vietnamese (the default for users) is
# tested where it matters, with set_language("vi") or VANBAN_LANG=vi.
os.environ["VANBAN_LANG"] = "en"
# No converter service outlives a test: each converts in its own LibreOffice, as before; the
# service's tests (tests/service_support.py) turn it on in a runtime folder of their own.
os.environ["VANBAN_CONVERTER_IDLE"] = "0"

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
#: The extracted text of the five real documents (tests/reference/README.md says where each comes from).
SEEDS_DIR = ROOT / "tests" / "reference"

#: YAML in data/ → the extracted text of the real document it reproduces.
SEEDS = {
    "lai-chau-ldld-2023-12-08-mam-non.yaml": "000_49448907b530fd97.txt",
    "lai-chau-ldld-244-2024.yaml": "001_5748f9cfa5bd16ff.txt",
    "lai-chau-ubnd-kh-mam-non-2023.yaml": "002_51be01270951ac2e.txt",
    "lao-cai-ubnd-kh-hoc-tap-suot-doi.yaml": "003_348b89f3379bba8e.txt",
    "tp-lai-chau-ubnd-hoc-tap-suot-doi-2023.yaml": "004_fbd1609f393152c5.txt",
}

@pytest.fixture(scope="session")
def rendered():
    """``rendered(name)``: (model, python-docx Document) for a data/ YAML, rendered once a session."""
    done: dict = {}

    def get(name: str):
        if name not in done:
            doc = vanban.load(DATA / name)
            done[name] = (doc, docx.Document(io.BytesIO(vanban.render_bytes(doc))))
        return done[name]
    return get


@pytest.fixture(params=sorted(SEEDS))
def seed(request, rendered):
    """Each seed: (yaml name, model, rendered Document)."""
    doc, document = rendered(request.param)
    return request.param, doc, document


def minimal(**over) -> dict:
    """The smallest valid công văn, as a dict; keyword arguments replace top-level keys."""
    data = {
        "loai": "cong_van",
        "co_quan": {"chu_quan": "UBND TỈNH LAI CHÂU", "ten": "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                    "viet_tat": "SGDĐT", "dia_danh": "Lai Châu"},
        "so": 5,
        "ngay": "2024-03-08",
        "trich_yeu": "triển khai kế hoạch",
        "kinh_gui": ["Phòng GD&ĐT các huyện"],
        "noi_dung": ["Nội dung thứ nhất.", "Nội dung thứ hai."],
        "noi_nhan": ["Như trên"],
        "ky": {"kt": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"},
    }
    data.update(over)
    return data
