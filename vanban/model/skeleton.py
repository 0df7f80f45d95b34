"""A commented starting file for each kind of document (``vanban new``).

Every key carries a comment saying what it is (in the current language:
Vietnamese unless ``--lang en``); optional keys are shown commented out. The
file validates and renders as it is, as a draft: no number, the date without
its day, no signer's name. Its first line points VS Code's YAML extension at
the schema (``vanban schema``), so keys are completed and checked while typing.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from vanban.i18n import _
from vanban.model.schema import KINDS, ChuKy, CoQuan, Loai, Mau, Muc, VanBan

SCHEMA_FILE = "vanban.schema.json"

_BODY = {
    "nha_nuoc": {"chu_quan": "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "ten": "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "viet_tat": "SGDĐT",
                 "dia_danh": "Lai Châu", "ten_goi": "Sở Giáo dục và Đào tạo",
                 "ky": [("kt", "GIÁM ĐỐC"), ("chuc_vu", "PHÓ GIÁM ĐỐC")], "luu": "VT, VP"},
    "cong_doan": {"chu_quan": "TỔNG LĐLĐ VIỆT NAM", "ten": "LĐLĐ TỈNH LAI CHÂU", "viet_tat": "LĐLĐ",
                  "dia_danh": "Lai Châu", "ten_goi": "LĐLĐ tỉnh",
                  "ky": [("tm", "BAN THƯỜNG VỤ"), ("kt", "CHỦ TỊCH"), ("chuc_vu", "PHÓ CHỦ TỊCH")], "luu": "VT, TC"},
    "dang": {"chu_quan": "ĐẢNG BỘ TỈNH LAI CHÂU", "ten": "ĐẢNG ỦY XÃ BÌNH LƯ", "viet_tat": "ĐU",
             "dia_danh": "Bình Lư", "ten_goi": "Đảng ủy xã Bình Lư",
             "ky": [("tm", "BAN THƯỜNG VỤ"), ("chuc_vu", "PHÓ BÍ THƯ")], "luu": "Văn phòng Đảng ủy"},
}
#: Who decides, printed above the căn cứ of a quyết định.
_AUTHORITY = {"nha_nuoc": "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO", "cong_doan": "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
              "dang": "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ BÌNH LƯ"}

#: (left, right) signer titles: a biên bản's secretary and chair; the two parties of an agreement.
_TWO_SIGNERS = {True: ("THƯ KÝ", "CHỦ TỌA"), False: ("ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B")}


def _desc(model, field: str) -> str:
    text = model.model_fields[field].description
    return _(text) if text else ""


class _Writer:
    def __init__(self):
        self.lines: list[str] = []

    def key(self, model, field: str, value: str = "", indent: int = 0, off: bool = False) -> None:
        """``field: value   # what it is``; ``off`` writes it commented out (optional, not used yet)."""
        pad = "  " * indent
        text = f"{pad}{'# ' if off else ''}{field}:{' ' + value if value else ''}"
        self.lines.append(f"{text:<44} # {_desc(model, field)}")

    def raw(self, text: str) -> None:
        self.lines.append(text)

    def items(self, values: list[str], indent: int = 1) -> None:
        self.lines += [f"{'  ' * indent}- {v}" for v in values]


#: A regulation's body as offices write a quy chế or a quy định: chapters (kieu_muc: chuong), the
#: general provisions first and the implementation last, articles numbered on across them.
_CHAPTERS = [
    "  - tieu_de: Quy định chung                       # Chương I",
    "    muc:",
    "      - tieu_de: Phạm vi điều chỉnh và đối tượng áp dụng   # Điều 1.",
    "        muc:",
    "          - Quy chế này quy định …                 # 1.",
    "          - Quy chế này áp dụng đối với …          # 2.",
    "      - tieu_de: Nguyên tắc …                      # Điều 2.",
    "        doan:",
    "          - Nêu nguyên tắc …",
    "  - tieu_de: Quy định cụ thể                      # Chương II",
    "    muc:",
    "      - tieu_de: Nhiệm vụ, quyền hạn của …         # Điều 3.",
    "        muc:",
    "          - Nhiệm vụ thứ nhất …                    # 1.",
    "          - Nhiệm vụ thứ hai …                     # 2.",
    "      - tieu_de: Chế độ làm việc …                 # Điều 4.",
    "        doan:",
    "          - Nêu chế độ làm việc …",
    "  - tieu_de: Tổ chức thực hiện                    # Chương III",
    "    muc:",
    "      - tieu_de: Trách nhiệm thi hành              # Điều 5.",
    "        doan:",
    "          - Các cơ quan, đơn vị, cá nhân có liên quan chịu trách nhiệm thi hành Quy chế này."]


def _body(kind: Loai, profile: Mau = Mau.nha_nuoc) -> list[str]:
    """The noi_dung block for ``kind``: sections as its numbering expects."""
    if KINDS[kind].chapters:
        words = {Loai.quy_dinh: "Quy định"}.get(kind, "Quy chế")
        return [line.replace("Quy chế", words) for line in _CHAPTERS]
    scheme = KINDS[kind].scheme_for(profile.value)
    if scheme[0] == "dieu":
        return [
                "  - Ban hành kèm theo Quyết định này Kế hoạch …   # Điều 1.",
                "  - tieu_de: Tổ chức thực hiện                     # Điều 2. có tiêu đề",
                "    doan:",
                "      - Giao … chủ trì, phối hợp với … triển khai thực hiện.",
                "  - Quyết định này có hiệu lực kể từ ngày ký.      # Điều 3."]
    if scheme[0] == "1":
        return [
                "  - Nội dung thứ nhất …                           # 1.",
                "  - tieu_de: Nội dung thứ hai                      # 2. có tiêu đề",
                "    muc:",
                "      - Việc cụ thể …                              # a)",
                "      - Việc cụ thể khác …                         # b)"]
    return ["  - tieu_de: Mục đích, yêu cầu                     # I.",
            "    muc:",
            "      - tieu_de: Mục đích                          # 1.",
            "        doan:",
            "          - Nêu mục đích …",
            "      - tieu_de: Yêu cầu                           # 2.",
            "        doan:",
            "          - Nêu yêu cầu …",
            "  - tieu_de: Nội dung                              # II.",
            "    muc:",
            "      - Nhiệm vụ thứ nhất …                        # 1.",
            "      - Nhiệm vụ thứ hai …                         # 2.",
            "  - tieu_de: Tổ chức thực hiện                     # III.",
            "    doan:",
            "      - Giao … chủ trì, phối hợp với … triển khai thực hiện."]


def skeleton(kind: Loai, profile: Optional[Mau] = None, schema: Optional[str] = SCHEMA_FILE,
             today: Optional[_dt.date] = None) -> str:
    """The commented YAML a clerk starts ``kind`` from; without ``profile``, the first that issues it
    (a state agency's, or the Party's for a kết luận or a thông tri)."""
    profile = profile or Mau(KINDS[kind].profiles[0])
    today = today or _dt.date.today()
    body = _BODY[profile.value]
    info = KINDS[kind]
    w = _Writer()
    if schema:
        w.raw(f"# yaml-language-server: $schema={schema}")
    w.raw(_("# {kind}: a draft to fill in. Lines starting with # are notes for you; they are not printed.")
          .format(kind=info.name))
    w.raw(_("# Keys are written without diacritics; a text that ends with \":\" is put in quotes. "
            "Then: vanban render THIS_FILE"))
    w.key(VanBan, "loai", kind.value)
    w.key(VanBan, "mau", profile.value)
    w.key(VanBan, "co_quan")
    w.key(CoQuan, "chu_quan", body["chu_quan"], 1)
    w.key(CoQuan, "ten", body["ten"], 1)
    w.key(CoQuan, "viet_tat", body["viet_tat"], 1)
    w.key(CoQuan, "dia_danh", body["dia_danh"], 1)
    w.key(CoQuan, "ten_goi", body["ten_goi"], 1)
    w.key(VanBan, "so", "12", off=True)
    w.key(VanBan, "ngay", f"{today.year}-{today.month:02d}")
    if kind is Loai.cong_van:
        w.key(VanBan, "don_vi_soan_thao", "VP", off=True)
    w.key(VanBan, "ky_hieu", "", off=True)
    w.key(VanBan, "trich_yeu", {Loai.cong_van: "triển khai …", Loai.quyet_dinh: "ban hành Kế hoạch …",
                                        Loai.quy_che: "làm việc của …", Loai.quy_dinh: "về …"}.get(
        kind, "thực hiện …"))
    if info.decides:
        w.key(VanBan, "tham_quyen", _AUTHORITY[profile.value])
    if info.kinh_gui:
        w.key(VanBan, "kinh_gui")
        w.items(["Cơ quan, đơn vị nhận thứ nhất", "Cơ quan, đơn vị nhận thứ hai"])
    if info.chapters:
        # A regulation issued by a decision opens with its first chapter: the căn cứ are the decision's.
        w.key(VanBan, "can_cu", off=True)
    else:
        w.key(VanBan, "can_cu")
        # Quoted: a căn cứ often ends with ":", which YAML would otherwise read as a key.
        w.items(['"Căn cứ …;"', '"Theo đề nghị của …"'] if kind is Loai.quyet_dinh else ['"Căn cứ …; … như sau:"'])
    w.key(VanBan, "mo_dau", off=True)
    if info.chapters:
        w.key(VanBan, "kieu_muc", "chuong")
    w.key(VanBan, "noi_dung")
    for line in _body(kind, profile):
        key = line.strip().rstrip(":")
        w.raw(f"{line:<44} # {_desc(Muc, key)}" if line.endswith(":") and key in Muc.model_fields else line)
    w.raw(_("#   a section: tieu_de (heading), doan (paragraphs), muc (sub-sections), sau (paragraphs after them)"))
    if kind is not Loai.quyet_dinh and not info.chapters:   # a regulation ends with its last article
        w.key(VanBan, "ket_thuc")
        # The closing "./." is the dau_ket box's to print: written in the text, it would show
        # while the box says otherwise (issue 21).
        w.items(["Đề nghị các cơ quan, đơn vị triển khai thực hiện."])
    w.key(VanBan, "dau_ket", "true")
    w.key(VanBan, "chu_thich", off=True)
    w.key(VanBan, "noi_nhan")
    w.items(["Như Kính gửi" if info.kinh_gui else "Các cơ quan, đơn vị liên quan",
             "Lãnh đạo …"])
    w.key(VanBan, "luu", body["luu"])
    if info.signatures == 2:
        left, right = _TWO_SIGNERS[kind is Loai.bien_ban]
        w.key(VanBan, "ky_ben_trai")
        w.key(ChuKy, "chuc_vu", left, 1)
        w.key(ChuKy, "ho_ten", "Trần Thị B", 1)
        w.key(VanBan, "ky")
        w.key(ChuKy, "chuc_vu", right, 1)
        w.key(ChuKy, "ho_ten", "Nguyễn Văn A", 1)
        return "\n".join(w.lines) + "\n"
    w.key(VanBan, "ky")
    for field, value in body["ky"]:
        w.key(ChuKy, field, value, 1)
    w.key(ChuKy, "ho_ten", "Nguyễn Văn A", 1, off=True)
    return "\n".join(w.lines) + "\n"


__all__ = ["skeleton", "SCHEMA_FILE"]
