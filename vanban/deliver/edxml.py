"""edXML messages (QCVN 102:2016/BTTTT, amended by Thông tư 01/2022/TT-BTTTT): write and read.

Pure: metadata dict + attached file bytes -> message bytes, and back. No official XSD was
reachable; the element names, their order and the attachment form (an <edXML> root holding
edXMLEnvelope, then AttachmentEncoded/Attachment/ContentTransferEncoded in base64) follow two
public implementations read through the code index (a Java string builder and a TypeScript
buildEdxml, both QCVN 102:2016) - see the report of branch edxml23.

Reading is defensive: a bounded size, no DOCTYPE (so no entities, no external references), and
one clear error (``EdxmlError``) for anything malformed.
"""
from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET

import vanban.i18n as i18n

_ = i18n._

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
MAX_BYTES = 64 * 1024 * 1024          # a message over this is refused before parsing

# The metadata keys (register entry + model) and where each lives in MessageHeader.
_SCALARS = (
    ("so", ("Code", "CodeNumber")),
    ("ky_hieu", ("Code", "CodeNotation")),
    ("noi_ban_hanh", ("PromulgationInfo", "Place")),
    ("ngay", ("PromulgationInfo", "PromulgationDate")),
    ("loai", ("DocumentType", "Type")),
    ("ten_loai", ("DocumentType", "TypeName")),
    ("trich_yeu", ("Subject",)),
    ("noi_dung", ("Content",)),
    ("tham_quyen", ("SignerInfo", "Competence")),
    ("chuc_vu", ("SignerInfo", "Position")),
    ("nguoi_ky", ("SignerInfo", "FullName")),
    ("han_xu_ly", ("DueDate",)),
)
_ORGAN = ("OrganId", "OrganName", "OrganAdd", "Email", "Telephone", "Fax", "Website")
_OTHER = ("Priority", "SphereOfPromulgation", "TyperNotation", "PromulgationAmount",
          "PageAmount", "Appendixes")


#: The document-type codes (``DocumentType/Type``): no code table of QCVN 102:2016 could be reached,
#: so the code is the kind's place in Decree 30/2020/NĐ-CP, Article 7's list of administrative
#: documents (1 nghị quyết cá biệt … 18 công văn … 29 thư công). Public evidence: a TypeScript edXML
#: builder writes ``Type`` 18 for a công văn "as the C# SDK does", which is công văn's place in that
#: list (and in Thông tư 01/2011/TT-BNV's, which agrees up to 20); the national axis' own sample
#: message writes Type 1, TypeDetail 0 for a công văn, so a reader goes by ``TypeName`` first.
#: The Party's own kinds (kết luận, thông tri) are not in the list: Type is left empty.
TYPE_ORDER = ("nghi_quyet", "quyet_dinh", "chi_thi", "quy_che", "quy_dinh", "thong_cao", "thong_bao",
              "huong_dan", "chuong_trinh", "ke_hoach", "phuong_an", "de_an", "du_an", "bao_cao", "bien_ban",
              "to_trinh", "hop_dong", "cong_van", "cong_dien", "ban_ghi_nho", "ban_thoa_thuan",
              "giay_uy_quyen", "giay_moi", "giay_gioi_thieu", "giay_nghi_phep", "phieu_gui", "phieu_chuyen",
              "phieu_bao", "thu_cong")


def type_code(kind: str) -> str:
    """``DocumentType/Type`` of a kind (``cong_van`` -> "18"); "" for a kind outside the list."""
    return str(TYPE_ORDER.index(kind) + 1) if kind in TYPE_ORDER else ""


def kind_of(code: str, name: str = "") -> str | None:
    """The kind a message's DocumentType names: its ``TypeName`` when that is a kind's name (senders
    disagree on the codes, never on the names), else its ``Type`` code; None when neither is known."""
    from vanban.decree.kinds import KINDS
    from vanban.decree.vn import nfc
    wanted = nfc(name or "").strip().lower()
    for kind, info in KINDS.items():
        if wanted and nfc(info.name).lower() == wanted:
            return kind
    code = (code or "").strip()
    if code.isdigit() and 1 <= int(code) <= len(TYPE_ORDER):
        return TYPE_ORDER[int(code) - 1]
    return None


class EdxmlError(ValueError):
    """A message that cannot be read (message id English; shown translated by the caller)."""


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, _q(tag))
    if text is not None:
        el.text = str(text)
    return el


def _organ(parent: ET.Element, tag: str, organ: dict) -> None:
    box = _sub(parent, tag)
    for name in _ORGAN:
        _sub(box, name, organ.get(name, ""))


def write_message(meta: dict, attachment: bytes, name: str, content_type: str) -> bytes:
    """The edXML message for one issued document, its file attached as base64."""
    ET.register_namespace("edXML", NS)
    # Public implementations wrap the envelope in <edXML> and carry the files in an
    # AttachmentEncoded sibling AFTER the envelope, referenced from edXMLBody's manifest.
    top = ET.Element(_q("edXML"))
    env = _sub(top, "edXMLEnvelope")
    header = _sub(env, "edXMLHeader")
    mh = _sub(header, "MessageHeader")
    _organ(mh, "From", meta.get("from", {}))
    for organ in meta.get("to", []) or [{}]:
        _organ(mh, "To", organ)
    groups: dict[str, ET.Element] = {}
    for key, path in _SCALARS:
        if len(path) == 1:
            _sub(mh, path[0], meta.get(key, ""))
            continue
        box = groups.get(path[0])
        if box is None:
            box = groups[path[0]] = _sub(mh, path[0])
        _sub(box, path[1], meta.get(key, ""))
    places = _sub(mh, "ToPlaces")
    for place in meta.get("noi_nhan", []):
        _sub(places, "Place", place)
    other = _sub(mh, "OtherInfo")
    for name_ in _OTHER:
        _sub(other, name_, meta.get("other", {}).get(name_, ""))
    _sub(mh, "SteeringType", meta.get("steering_type", "0"))
    _sub(mh, "ResponseFor")
    trace = _sub(_sub(header, "TraceHeaderList"), "TraceHeader")
    _sub(trace, "OrganId", meta.get("from", {}).get("OrganId", ""))
    _sub(trace, "Timestamp", meta.get("timestamp", ""))
    ref = _sub(_sub(_sub(env, "edXMLBody"), "edXMLManifest"), "Reference")
    ref.set("{http://www.w3.org/1999/xlink}href", "cid:1")
    for tag, value in (("AttachmentName", name), ("ContentType", content_type), ("ContentId", "cid:1")):
        _sub(ref, tag, value)
    one = _sub(_sub(top, "AttachmentEncoded"), "Attachment")
    _sub(one, "ContentType", content_type)
    _sub(one, "ContentId", "1")
    _sub(one, "ContentTransferEncoded", base64.b64encode(attachment).decode("ascii"))
    _sub(one, "AttachmentName", name)
    return ET.tostring(top, encoding="utf-8", xml_declaration=True)


def _text(root: ET.Element, *path: str) -> str:
    el = root.find("/".join(_q(p) for p in path))
    return (el.text or "") if el is not None else ""


def read_message(data: bytes) -> tuple[dict, str, bytes]:
    """(metadata, attachment name, attachment bytes) of a message; EdxmlError when unsafe/bad."""
    if len(data) > MAX_BYTES:
        raise EdxmlError(_("the message is too large"))
    head = data[:4096].lower()
    if b"<!doctype" in data.lower() or b"<!entity" in head:
        raise EdxmlError(_("the message declares a DOCTYPE or entities, which edXML never needs"))
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        raise EdxmlError(_("the message is not well-formed XML")) from None
    if root.tag != _q("edXML") or root.find(_q("edXMLEnvelope")) is None:
        raise EdxmlError(_("the message is not an edXML envelope"))
    mh = ("edXMLEnvelope", "edXMLHeader", "MessageHeader")
    meta: dict = {key: _text(root, *mh, *path) for key, path in _SCALARS}
    meta["from"] = {n: _text(root, *mh, "From", n) for n in _ORGAN}
    meta["co_quan"] = meta["from"]["OrganName"]
    meta["kind"] = kind_of(meta["loai"], meta["ten_loai"])
    meta["noi_nhan"] = [p.text or "" for p in root.iterfind(
        "/".join(_q(p) for p in (*mh, "ToPlaces", "Place")))]
    one = ("AttachmentEncoded", "Attachment")
    name = _text(root, *one, "AttachmentName")
    try:
        blob = base64.b64decode(_text(root, *one, "ContentTransferEncoded"), validate=True)
    except (binascii.Error, ValueError):
        raise EdxmlError(_("the attached document is not valid base64")) from None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise EdxmlError(_("the attached document has no usable name"))
    return meta, name, blob
