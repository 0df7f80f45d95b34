"""Issue 23: a PDF for signing (PDF/A-2b, the field where appendix I puts the signature), signing
and verification. Real LibreOffice, real pyHanko, certificates made here; nothing is mocked."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA
from support.pki import make_ca, make_p12
from vanban.sign import SignError, keys
from vanban.sign.place import LineBox, between, field_name, top_right
from vanban.sign.prepare import for_signing
from vanban.sign.signing import empty_fields, sign_bytes
from vanban.sign.verify import ADDED, load_certificates, verify_bytes

HAVE_LO = bool(shutil.which("soffice") and shutil.which("pdffonts"))
if not HAVE_LO and os.environ.get("VANBAN_REQUIRE_PDF"):
    raise RuntimeError("LibreOffice and poppler-utils are required (VANBAN_REQUIRE_PDF is set)")
needs_lo = pytest.mark.skipif(not HAVE_LO, reason="LibreOffice or poppler-utils not installed")
SEEDS = sorted(DATA.glob("*.yaml"))


# ------------------------------------------------------------------ pure placement
def test_field_between_title_and_name_centred_on_them():
    title, name = LineBox(1, 360, 480, 185, 199), LineBox(1, 370, 470, 273, 287)
    x0, y0, x1, y1 = between(title, name, 842)
    assert 842 - y1 > 199 and 842 - y0 < 273            # below the title, above the name
    assert abs((x0 + x1) / 2 - 420) < 0.01              # centred on both
    assert x1 - x0 >= 120


def test_appendix_field_top_right():
    x0, y0, x1, y1 = top_right(595, 842)
    assert x1 > 595 * 0.85 and y1 > 842 * 0.9 and x0 > 595 / 2


def test_field_name_is_the_signer_without_marks_or_dots():
    assert field_name("Hoàng Văn Trinh") == "Hoang Van Trinh"
    assert field_name("Đỗ Thị Ngọc Ánh") == "Do Thi Ngoc Anh"
    assert "." not in field_name("Ng. V. A")


# ------------------------------------------------------------------ PDF for signing: the seeds
def _field_rects(pdf: bytes) -> dict:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    reader = PdfFileReader(io.BytesIO(pdf))
    return {name: [float(v) for v in ref.get_object()["/Rect"]] for name, _value, ref in enumerate_sig_fields(reader)}



def _field_lies_between_title_and_name(src, tmp_path):
    """``src`` (YAML) → ``--for-signing``: the field's rectangle, read back from the PDF, lies under the
    title's last word and over the signer's name on the page the words stand; PDF/A-2b, fonts embedded."""
    from vanban.model import load_file
    from vanban.model.printed import printed
    page_text = printed(load_file(src))
    out = tmp_path / "ky.pdf"
    place = for_signing(src, out)
    data = out.read_bytes()
    rects = _field_rects(data)     # two-signature kinds: the left signer's field too (test_sign_two_signers)
    assert sorted(rects) == sorted([place.name, *(o.name for o in place.others)])
    x0, y0, x1, y1 = rects[place.name]
    assert place.name == field_name(page_text.ho_ten)
    # Read back the words where they stand: the title's last word above the field, the name's below.
    from vanban.reading import pdf_text
    _p, pages = pdf_text.read_pages(out, ocr_pages=False)
    pg = pages[place.page]
    name_first = page_text.ho_ten.split()[0]
    title_last = page_text.chuc_vu.split()[-1]
    name_word = max((w for w in pg.words if w.text == name_first), key=lambda w: w.top)
    title_word = min((w for w in pg.words if w.text == title_last and w.top < name_word.top),
                     key=lambda w: name_word.top - w.top)
    h = pg.height
    assert h - y1 >= title_word.bottom - 0.5, "the field overlaps the title"
    assert h - y0 <= name_word.top + 0.5, "the field overlaps the name"
    assert x0 < name_word.x0 < x1, "the field is not over the name"
    # PDF/A-2b identification, and every font embedded (poppler's pdffonts).
    assert re.search(rb"<pdfaid:part>2</pdfaid:part>", data) and re.search(rb"<pdfaid:conformance>B<", data)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts


@needs_lo
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_for_signing_places_field_between_title_and_name(seed, tmp_path):
    _field_lies_between_title_and_name(seed, tmp_path)


def _one_per_kind():
    """Every kind once, its profiles taken in turn so each profile's closing is among them."""
    from vanban.model.schema import KINDS, Loai
    cells = []
    for i, kind in enumerate(Loai):
        profiles = sorted(KINDS[kind].profiles)
        cells.append((kind, profiles[i % len(profiles)]))
    return cells


@needs_lo
@pytest.mark.parametrize("kind, profile", _one_per_kind(), ids=lambda v: getattr(v, "value", v))
def test_for_signing_every_kind(kind, profile, tmp_path):
    from vanban.model.schema import Mau
    from vanban.model.skeleton import skeleton
    src = tmp_path / f"{kind.value}.yaml"
    # The skeleton is a draft without the signer's name; the field is named after the signer.
    src.write_text(skeleton(kind, Mau(profile), schema=None).replace("# ho_ten:", "ho_ten:"), encoding="utf-8")
    _field_lies_between_title_and_name(src, tmp_path)


# ------------------------------------------------------------------ sign and verify
@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    if not HAVE_LO:
        pytest.skip("LibreOffice not installed")
    out = tmp_path_factory.mktemp("prep") / "ky.pdf"
    for_signing(DATA / "lai-chau-ldld-244-2024.yaml", out)
    return out.read_bytes()


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pki")
    ca, other = make_ca(), make_ca("Another CA")
    return {"ca": ca.pem(folder / "ca.pem"), "other": other.pem(folder / "other.pem"),
            "p12": make_p12(ca, "Hoàng Văn Trinh", "mật khẩu", folder / "u.p12")}


@pytest.fixture(scope="module")
def signed(prepared, pki):
    with keys.pkcs12(pki["p12"], "mật khẩu") as signer:
        return sign_bytes(prepared, signer, name="ky.pdf")


def test_good_signature_reports_signer_intact_and_untrusted_unless_asked(signed, pki):
    [sig] = verify_bytes(signed, "s.pdf").signatures
    assert "Hoàng Văn Trinh" in sig.subject and "Vanban Test CA" in sig.issuer and sig.serial == "4D2"
    assert sig.intact and not sig.changed and sig.added_after == ""
    assert sig.trust == "not checked" and re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", sig.signing_time)
    assert verify_bytes(signed, "s.pdf", load_certificates([pki["ca"]])).signatures[0].trust == "trusted"
    # A certificate from a CA the trust list does not hold is never trusted.
    assert verify_bytes(signed, "s.pdf", load_certificates([pki["other"]])).signatures[0].trust == "not trusted"


def test_signature_appearance_shows_name_and_iso_time(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader
    [sig] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    widget = sig.sig_field if "/AP" in sig.sig_field else sig.sig_field["/Kids"][0]
    stream = widget["/AP"]["/N"].data.decode("latin-1")
    actual = re.findall(r"/ActualText \((.*?)\)\s*>>", stream, re.S)
    texts = [bytes(t, "latin-1").decode("unicode_escape").encode("latin-1") for t in actual]
    decoded = [t[2:].decode("utf-16-be") if t.startswith(b"\xfe\xff") else t.decode("latin-1") for t in texts]
    assert any("Hoàng Văn Trinh" in t for t in decoded), decoded
    assert any(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$", t) for t in decoded), decoded


def test_a_byte_changed_in_the_signed_range_is_broken(signed):
    data = bytearray(signed)
    k = data.index(b"/Producer") + 2      # inside the first revision: signed
    data[k] ^= 0x01
    report = verify_bytes(bytes(data), "x.pdf")
    assert report.signatures and not report.signatures[0].intact and not report.ok


def test_an_annotation_added_after_signing_is_reported(signed):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref, _ = w.find_page_for_modification(0)
    annot = w.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Text"),
        pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 50, 80, 80)]),
        pdf_name("/Contents"): generic.TextStringObject("sửa sau khi ký")}))
    page = page_ref.get_object()
    page[pdf_name("/Annots")] = generic.ArrayObject(list(page.get("/Annots", [])) + [annot])
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    [sig] = verify_bytes(out.getvalue(), "x.pdf").signatures
    # pyHanko's diff policy names a bare annotation (no appearance) "new content", not "annotations":
    # either way it is a change after signing, and verify says so.
    assert sig.intact and sig.changed and sig.added_after in (ADDED["ANNOTATIONS"], ADDED["OTHER"])
    assert not verify_bytes(out.getvalue(), "x.pdf").ok


def test_new_content_after_signing_is_reported(signed):
    data = signed + b"\n% appended\n"       # bytes after the signed range, no new revision
    [sig] = verify_bytes(data, "x.pdf").signatures
    assert sig.added_after and sig.changed


def test_wrong_password_is_one_line(pki):
    with pytest.raises(SignError, match="u.p12"):
        with keys.pkcs12(pki["p12"], "sai"):
            pass


def test_unreadable_pdf_is_an_error(tmp_path):
    report = verify_bytes(b"not a pdf", "x.pdf")
    assert report.error and not report.ok


def test_signing_needs_an_empty_field(signed, pki):
    assert empty_fields(signed) == []
    with keys.pkcs12(pki["p12"], "mật khẩu") as signer, pytest.raises(SignError, match="0"):
        sign_bytes(signed, signer, name="s.pdf")
