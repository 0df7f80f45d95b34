"""edXML (issue 23): the pure module's round trip and its refusals. Library door only so far."""
import hashlib
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest

from vanban.deliver.edxml import NS, EdxmlError, read_message, write_message

META = {"so": "12", "ky_hieu": "CV-UBND", "ngay": "2026-12-05", "loai": "CV",
        "ten_loai": "Công văn", "trich_yeu": "V/v tổ chức họp ngày 10 tháng 12",
        "nguoi_ky": "Nguyễn Văn Ân", "chuc_vu": "Chủ tịch",
        "from": {"OrganId": "000.00.00.H01", "OrganName": "Ủy ban nhân dân tỉnh Hà Giang"},
        "noi_nhan": ["Như trên", "Lưu: VT"]}
ORDER = ["From", "To", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content",
         "SignerInfo", "DueDate", "ToPlaces", "OtherInfo", "SteeringType", "ResponseFor"]


def test_round_trip_keeps_metadata_and_file_byte_for_byte():
    blob = bytes(range(256)) * 40
    data = write_message(META, blob, "cv12.pdf", "application/pdf")
    root = ET.fromstring(data)
    env = root.find(f"{{{NS}}}edXMLEnvelope")
    mh = env.find(f"{{{NS}}}edXMLHeader/{{{NS}}}MessageHeader")
    assert [c.tag.split("}")[1] for c in mh] == ORDER
    assert env.find(f"{{{NS}}}edXMLHeader/{{{NS}}}TraceHeaderList/{{{NS}}}TraceHeader") is not None
    assert root.find(f"{{{NS}}}AttachmentEncoded/{{{NS}}}Attachment/{{{NS}}}ContentTransferEncoded") is not None
    meta, name, back = read_message(data)
    assert name == "cv12.pdf"
    assert hashlib.sha256(back).hexdigest() == hashlib.sha256(blob).hexdigest()
    for key in ("so", "ky_hieu", "ngay", "trich_yeu", "nguoi_ky", "chuc_vu"):
        assert meta[key] == META[key]
    assert meta["co_quan"] == "Ủy ban nhân dân tỉnh Hà Giang"
    assert meta["noi_nhan"] == ["Như trên", "Lưu: VT"]


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><l>&b;</l>',
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><l>&x;</l>',
    b"<edXMLEnvelope><unclosed>",
    b"x" * (64 * 1024 * 1024 + 1),
])
def test_hostile_messages_are_refused(data):
    with pytest.raises(EdxmlError):
        read_message(data)


def test_import_of_a_hostile_message_writes_nothing(tmp_path):
    from vanban.deliver.documents import import_any
    from vanban.model import InputError
    msg = tmp_path / "m.edxml"
    msg.write_bytes(b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "a">]><l>&a;</l>')
    with pytest.raises(InputError) as err:
        import_any(msg)
    assert "DOCTYPE" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.edxml"]


def test_import_writes_the_attachment_beside_the_message(tmp_path):
    from vanban.deliver.documents import unpack_edxml
    blob = b"%PDF-1.4 not really\n" * 10
    msg = tmp_path / "m.edxml"
    msg.write_bytes(write_message(META, blob, "cv12.pdf", "application/pdf"))
    out = unpack_edxml(msg, str(msg))
    assert out == tmp_path / "cv12.pdf" and out.read_bytes() == blob


def _export(door, db, out):
    """The register's edXML export of 2024 into ``out``, through ``door``."""
    from click.testing import CliRunner
    from vanban.cli import main
    from vanban.register import Register
    from vanban.register.edxml_export import export_edxml
    if door == "cli":
        r = CliRunner().invoke(main, ["register", "export", "--db", str(db), "--year", "2024",
                                      "--format", "edxml", "-o", str(out)])
        assert r.exit_code == 0, r.output
    else:
        with Register(str(db)) as reg:
            export_edxml(reg, out, year=2024)


@pytest.mark.parametrize("door", ["cli", "library"])
def test_register_export_round_trips_an_issued_document(door, tmp_path):
    import datetime
    from register.drafts import write_draft
    from vanban.register import Register, issue_file
    db, out = tmp_path / "so.db", tmp_path / "out"
    with Register(str(db)) as reg:
        issue_file(write_draft(tmp_path, "cv", "họp ngày 10 tháng 5"), reg, day=datetime.date(2024, 5, 10))
        entry = reg.entries(year=2024)[0]
    _export(door, db, out)
    files = list(out.glob("*.edxml"))
    assert len(files) == 1
    meta, name, blob = read_message(files[0].read_bytes())
    assert (meta["so"], meta["ky_hieu"], meta["ngay"]) == (f"{entry.number:02d}", entry.code, "2024-05-10")
    assert meta["trich_yeu"] == entry.subject and meta["nguoi_ky"] == entry.signer
    assert meta["co_quan"] == entry.body_name
    attached = entry.pdf_path or entry.docx_path
    assert hashlib.sha256(blob).digest() == hashlib.sha256(open(attached, "rb").read()).digest()


def test_web_register_row_downloads_the_message_the_cli_exports(tmp_path, monkeypatch):
    # The web door of the same guarantee: the register page links each issued row to its message,
    # made by the call the CLI's export makes; a row whose file is gone is refused in one line.
    import datetime
    import re
    from register.drafts import write_draft
    from vanban.register import Register, issue_file
    from vanban.web import create_app
    db = tmp_path / "so.db"
    monkeypatch.setenv("VANBAN_DB", str(db))
    monkeypatch.setenv("VANBAN_LANG", "vi")
    with Register(str(db)) as reg:
        issue_file(write_draft(tmp_path, "cv", "họp ngày 10 tháng 5"), reg, day=datetime.date(2024, 5, 10))
        issue_file(write_draft(tmp_path, "cv2", "họp ngày 12 tháng 5"), reg, day=datetime.date(2024, 5, 12))
        entries = reg.entries(year=2024)
    docs = tmp_path / "docs"
    docs.mkdir()
    client = create_app(docs).test_client()
    page = client.get("/register?nam=2024").get_data(as_text=True)
    links = re.findall(r'href="(/register/\d+\.edxml)"', page)
    assert len(links) == 2, page
    _export("cli", db, tmp_path / "cli")
    for link, entry in zip(links, entries):
        got = client.get(link)
        assert got.status_code == 200
        assert f"{entry.year}-{entry.number:02d}-{entry.id}.edxml" in got.headers["Content-Disposition"]
        web_meta, web_name, web_blob = read_message(got.data)
        cli_meta, cli_name, cli_blob = read_message((tmp_path / "cli" / f"{entry.year}-{entry.number:02d}-"
                                                                         f"{entry.id}.edxml").read_bytes())
        assert (web_meta, web_name, web_blob) == (cli_meta, cli_name, cli_blob)
        assert web_meta["trich_yeu"] == entry.subject
    for path in (entries[1].pdf_path, entries[1].docx_path):
        if path:
            Path(path).unlink()
    gone = client.get(links[1])
    assert gone.status_code == 409
    text = gone.get_data(as_text=True)
    assert "không có tệp" in text.lower() or "no file" in text.lower(), text
    assert "Traceback" not in text and "InputError" not in text
    assert client.get("/register/999999.edxml").status_code == 404


def test_cli_import_of_a_hostile_message_is_one_line_and_writes_nothing(tmp_path):
    from click.testing import CliRunner
    from vanban.cli import main
    msg = tmp_path / "m.edxml"
    msg.write_bytes(b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><l>&x;</l>')
    r = CliRunner().invoke(main, ["import", str(msg)])
    assert r.exit_code != 0 and "Traceback" not in r.output and "DOCTYPE" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.edxml"]


def test_import_of_an_exported_message_gives_the_document_back(tmp_path):
    import datetime
    from register.drafts import write_draft
    from vanban.deliver.documents import import_any
    from vanban.register import Register, issue_file
    from vanban.register.edxml_export import export_edxml
    with Register(str(tmp_path / "so.db")) as reg:
        issue_file(write_draft(tmp_path, "cv", "họp ngày 10 tháng 5"), reg, day=datetime.date(2024, 5, 10))
        entry = reg.entries(year=2024)[0]
        [msg] = export_edxml(reg, tmp_path / "out", year=2024)
    imported = import_any(msg)
    assert imported.doc.trich_yeu == entry.subject


# ---------------------------------------------------------------- issue 23, second part
# Guarantees x doors (below): the issued document's message is written beside its PDF by the same
# writer the register export uses (CLI ``issue --edxml``, library ``write_entry``); every kind's
# DocumentType code goes out and comes back as the kind (library: the code table; CLI export and
# import); three kinds round-trip number, code, date, issuer, subject, signer and the file byte for
# byte (CLI ``register export`` + ``import``, library ``export_edxml`` + ``read_message``).
def _draft(tmp_path, kind, subject):
    from register.drafts import DECISION, DRAFT, write_draft
    text = {"cong_van": DRAFT, "quyet_dinh": DECISION,
            "thong_bao": DRAFT.replace("loai: cong_van", "loai: thong_bao")}[kind]
    return write_draft(tmp_path, kind, subject, text)


def test_every_kind_has_a_code_that_reads_back_as_the_kind():
    from vanban.decree.kinds import KINDS
    from vanban.deliver.edxml import TYPE_ORDER, kind_of, type_code
    assert type_code("cong_van") == "18"        # the public evidence: a builder "as the C# SDK" writes 18
    assert type_code("nghi_quyet") == "1" and type_code("thu_cong") == "29"
    state_kinds = [k for k, info in KINDS.items() if "nha_nuoc" in info.profiles]
    assert sorted(state_kinds) == sorted(TYPE_ORDER)
    for kind in KINDS:
        code = type_code(kind)
        assert kind_of(code) == (kind if code else None)
        assert kind_of("", KINDS[kind].name) == kind           # by name, whatever the code
    assert kind_of("1", "Công văn") == "cong_van"             # the axis' sample: the name wins
    assert kind_of("99", "Giấy tờ lạ") is None


def test_a_message_carries_the_code_and_import_maps_it_back():
    meta = dict(META, loai="7", ten_loai="")
    back, _name, _blob = read_message(write_message(meta, b"x", "tb.pdf", "application/pdf"))
    assert (back["loai"], back["kind"]) == ("7", "thong_bao")


@pytest.mark.parametrize("door", ["cli", "library"])
def test_issue_with_edxml_writes_the_message_beside_the_pdf(door, tmp_path):
    import datetime
    import shutil
    from click.testing import CliRunner
    from vanban.cli import main
    from vanban.register import Register, issue_file
    from vanban.register.edxml_export import write_entry
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    draft = _draft(tmp_path, "quyet_dinh", "ban hành quy chế")
    db = tmp_path / "so.db"
    if door == "cli":
        r = CliRunner().invoke(main, ["issue", str(draft), "--db", str(db), "--date", "2024-05-10", "--edxml"])
        assert r.exit_code == 0, r.output
    else:
        with Register(str(db)) as reg:
            done = issue_file(draft, reg, day=datetime.date(2024, 5, 10), pdf=True)
            write_entry(reg, done.entry, draft.with_suffix(".edxml"))
    msg, pdf = draft.with_suffix(".edxml"), draft.with_suffix(".pdf")
    assert msg.is_file() and pdf.is_file()
    with Register(str(db)) as reg:
        [entry] = reg.entries(year=2024)
    meta, name, blob = read_message(msg.read_bytes())
    assert name == pdf.name and blob == pdf.read_bytes()
    assert (meta["so"], meta["ky_hieu"], meta["ngay"]) == (f"{entry.number:02d}", entry.code, "2024-05-10")
    assert (meta["loai"], meta["kind"], meta["ten_loai"]) == ("2", "quyet_dinh", "Quyết định")


def test_issue_with_edxml_refuses_a_message_path_it_cannot_write_before_numbering(tmp_path):
    from click.testing import CliRunner
    from vanban.cli import main
    from vanban.register import Register
    draft = _draft(tmp_path, "cong_van", "họp")
    draft.with_suffix(".edxml").mkdir()         # the writer policy: never a folder
    r = CliRunner().invoke(main, ["issue", str(draft), "--db", str(tmp_path / "so.db"), "--edxml"])
    assert r.exit_code != 0 and "Traceback" not in r.output and "edxml" in r.output
    assert not draft.with_suffix(".docx").exists()
    with Register(str(tmp_path / "so.db")) as reg:
        assert reg.entries() == []


@pytest.mark.parametrize("door", ["cli", "library"])
def test_three_kinds_round_trip_through_export_and_import(door, tmp_path):
    import datetime
    from click.testing import CliRunner
    from vanban.cli import main
    from vanban.deliver.documents import import_any
    from vanban.register import Register, issue_file
    db, out = tmp_path / "so.db", tmp_path / "out"
    kinds = {"cong_van": "họp ngày 10 tháng 5", "quyet_dinh": "ban hành quy chế", "thong_bao": "lịch nghỉ lễ"}
    with Register(str(db)) as reg:
        for kind, subject in kinds.items():
            issue_file(_draft(tmp_path, kind, subject), reg, day=datetime.date(2024, 5, 10))
        entries = {e.kind: e for e in reg.entries(year=2024)}
    _export(door, db, out)
    messages = sorted(out.glob("*.edxml"))
    assert len(messages) == 3
    seen = set()
    for msg in messages:
        meta, name, blob = read_message(msg.read_bytes())
        entry = entries[meta["kind"]]
        seen.add(meta["kind"])
        assert (meta["so"], meta["ky_hieu"], meta["ngay"]) == (f"{entry.number:02d}", entry.code, "2024-05-10")
        assert (meta["co_quan"], meta["trich_yeu"], meta["nguoi_ky"]) == (entry.body_name, entry.subject, entry.signer)
        assert blob == open(entry.pdf_path or entry.docx_path, "rb").read()
        if door == "cli":
            r = CliRunner().invoke(main, ["import", str(msg), "-o", str(tmp_path / f"back-{meta['kind']}.yaml")])
            assert r.exit_code in (0, 3), r.output
            text = (tmp_path / f"back-{meta['kind']}.yaml").read_text(encoding="utf-8")
            assert f"loai: {meta['kind']}" in text and entry.subject.split()[-1] in text
        else:
            doc = import_any(msg).doc
            assert doc.loai.value == meta["kind"] and doc.trich_yeu == entry.subject and doc.so == entry.number
    assert seen == set(kinds)
