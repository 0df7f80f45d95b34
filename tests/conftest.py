"""Shared fixtures: the five reference documents, rendered once per test session."""
from __future__ import annotations

import inspect
import io
import os
import re
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


# ------------------------------------------------------------------ tiers (issue 24)
#: The real components a test can start, found in the text of its module or of its fixtures. A
#: test that names one is marked ``components`` (and the component's own mark): CI runs every test
#: once on the README's Python and only ``-m "not components"`` (the pure tier) on the others. A
#: module the scan misses still runs in the pure tier, just slower: the scan can only cost time. A
#: module that names them without starting them says ``pytestmark = pytest.mark.pure``.
COMPONENTS = {
    "libreoffice": re.compile(r"soffice|libreoffice|lo_jail|OneShot|warm|to_pdf|\.pdf\b|\bpdf\b|--pdf|preview", re.I),
    "postgres": re.compile(r"postgres|psycopg|pg_ctl|initdb", re.I),
    "tesseract": re.compile(r"tesseract|\bocr\b|scans?\b|image_pdf", re.I),
    "chromium": re.compile(r"chromium|playwright|web_browser|axe", re.I),
    "softhsm": re.compile(r"softhsm|pkcs11", re.I),
}
_SCANNED: dict[object, frozenset] = {}


def _components(key, text_of) -> frozenset:
    if key not in _SCANNED:
        try:
            text = text_of()
        except (OSError, TypeError):
            text = ""
        _SCANNED[key] = frozenset(n for n, pattern in COMPONENTS.items() if pattern.search(text))
    return _SCANNED[key]


def pytest_configure(config):
    config.addinivalue_line("markers", "pure: starts no real component, whatever its text names")
    config.addinivalue_line("markers", "components: starts LibreOffice, PostgreSQL, Tesseract or Chromium")
    for name in COMPONENTS:
        config.addinivalue_line("markers", f"{name}: starts {name}")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("pure"):
            continue
        found = set(_components(item.fspath, lambda: Path(str(item.fspath)).read_text(encoding="utf-8")))
        for defs in getattr(item, "_fixtureinfo").name2fixturedefs.values():
            for fd in defs:
                if fd.func is _pure_tier_starts_nothing.__wrapped__:
                    continue
                found |= _components(fd.func, lambda: inspect.getsource(fd.func))
        for name in sorted(found):
            item.add_marker(name)
        if found:
            item.add_marker("components")
DATA = ROOT / "data"


def _cells():
    from vanban.model.schema import KINDS, Loai, Mau
    return [(k, m) for k in Loai for m in Mau if m.value in KINDS[k].profiles]


#: Every kind x profile that exists (a chi bộ issues no hợp đồng, an UBND no kết luận): issue 22.
CELLS = _cells()
#: The six kinds and two profiles vanban made before issue 22, which the realistic import examples
#: (tests/support/import_examples.py) are written for; tests/test_party.py covers every cell.
FIRST_CELLS = [(k, m) for k, m in CELLS if k.value in ("cong_van", "ke_hoach", "quyet_dinh", "thong_bao", "bao_cao",
                                                       "to_trinh") and m.value != "dang"]
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


_STARTS = re.compile(r"(^|/)(soffice(\.bin)?|tesseract|postgres|pg_ctl|initdb|chromium|chrome|node|softhsm2-util)$")


@pytest.fixture(autouse=True)
def _pure_tier_starts_nothing(request, monkeypatch):
    """In the pure tier (``VANBAN_TIER=pure``, set by .ci/run) a test that starts a real component
    fails, naming it: the scan above missed it, and the fix is to name the component in its module."""
    if os.environ.get("VANBAN_TIER") != "pure":
        yield
        return
    import subprocess
    real = subprocess.Popen.__init__

    def guarded(self, args, *a, **kw):
        argv = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
        program = os.fsdecode(argv[0]) if argv else ""
        if _STARTS.search(program.split()[0] if kw.get("shell") else program):
            pytest.fail(f"{request.node.nodeid} starts {program} in the pure tier: name the component in its module")
        real(self, args, *a, **kw)
    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)
    yield
