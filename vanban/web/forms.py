"""The editor's form: the model's JSON schema with Vietnamese labels and help, and new documents.

The page builds its fields from :func:`form_schema` (pydantic's schema of
:class:`~vanban.model.VanBan`, so a field added to the model appears in the
form), reading each field's label and help here, in the clerk's words.
"""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from vanban.model.dump import to_data
from vanban.model.loader import load_dict, load_text
from vanban.model.schema import KINDS, Loai, Mau, VanBan

KIND_LABELS = {"cong_van": "Công văn", "ke_hoach": "Kế hoạch", "quyet_dinh": "Quyết định",
               "thong_bao": "Thông báo", "bao_cao": "Báo cáo", "to_trinh": "Tờ trình"}
PROFILE_LABELS = {"nha_nuoc": "Cơ quan nhà nước", "cong_doan": "Công đoàn"}
NUMBERING_LABELS = {"": "Theo mặc định", "I": "I, II, III", "1": "1, 2, 3", "1.1": "1.1, 1.2", "a": "a, b, c",
                    "-": "Gạch đầu dòng (-)", "+": "Dấu cộng (+)", "dieu": "Điều 1, Điều 2", "none": "Không đánh số"}

#: label, help — by field path (list positions left out).
LABELS: dict[str, tuple[str, str]] = {
    "loai": ("Loại văn bản", "Công văn không có tên loại; các loại khác in tên loại trên trích yếu."),
    "mau": ("Mẫu", "Cơ quan nhà nước (UBND, Sở …) hay tổ chức Công đoàn (LĐLĐ …)."),
    "co_quan": ("Cơ quan ban hành", ""),
    "co_quan.chu_quan": ("Cơ quan chủ quản", "Mỗi dòng in một dòng, ví dụ: UBND TỈNH LAI CHÂU. Bỏ trống nếu không có."),
    "co_quan.ten": ("Tên cơ quan ban hành", "Mỗi dòng in một dòng, ví dụ: ỦY BAN NHÂN DÂN / TỈNH LAI CHÂU."),
    "co_quan.viet_tat": ("Chữ viết tắt", "Dùng trong ký hiệu văn bản: UBND, LĐLĐ."),
    "co_quan.dia_danh": ("Địa danh", "In ở dòng ngày tháng: Lai Châu."),
    "co_quan.ten_goi": ("Tên gọi tắt", "Dùng khi văn bản được dẫn: UBND tỉnh."),
    "so": ("Số", "Bỏ trống khi là dự thảo; văn thư cấp số khi ban hành."),
    "ky_hieu": ("Ký hiệu", "Chỉ điền khi khác ký hiệu thường dùng (KH-UBND, UBND-VX)."),
    "don_vi_soan_thao": ("Đơn vị soạn thảo", "Chữ viết tắt đơn vị soạn thảo của công văn: VX trong UBND-VX."),
    "ngay": ("Ngày ban hành", "Dạng 2024-05-10; dự thảo chưa có ngày ghi 2024-05."),
    "trich_yeu": ("Trích yếu", "Nội dung tóm tắt; công văn không cần ghi “V/v”."),
    "tham_quyen": ("Thẩm quyền ban hành", "Chỉ với quyết định: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"),
    "kinh_gui": ("Kính gửi", "Mỗi nơi nhận một dòng; dấu ; và . được thêm tự động."),
    "can_cu": ("Căn cứ", "Mỗi căn cứ một dòng."),
    "mo_dau": ("Mở đầu", "Các đoạn trước phần nội dung đánh số; mỗi đoạn một dòng."),
    "noi_dung": ("Nội dung", "Các phần, mục, đoạn; số thứ tự được đánh tự động như khi in."),
    "ket_thuc": ("Kết thúc", "Các đoạn kết; mỗi đoạn một dòng."),
    "dau_ket": ("Kết thúc bằng ./.", "Thêm dấu ./. sau đoạn cuối."),
    "chu_thich": ("Chú thích", "Ghi chú cuối trang, dẫn trong văn bản bằng [^1]."),
    "noi_nhan": ("Nơi nhận", "Mỗi nơi một dòng, không ghi dòng Lưu."),
    "luu": ("Lưu", "Các bản lưu: VT và đơn vị soạn thảo, mỗi mục một dòng."),
    "ky": ("Chữ ký", ""),
    "ky.tm": ("TM.", "Thay mặt tập thể: ỦY BAN NHÂN DÂN, BAN THƯỜNG VỤ."),
    "ky.kt": ("KT.", "Ký thay người đứng đầu: CHỦ TỊCH."),
    "ky.q": ("Q.", "Quyền người đứng đầu."),
    "ky.tl": ("TL.", "Thừa lệnh."),
    "ky.tuq": ("TUQ.", "Thừa ủy quyền."),
    "ky.chuc_vu": ("Chức vụ người ký", "PHÓ CHỦ TỊCH."),
    "ky.ho_ten": ("Họ và tên người ký", "Bỏ trống khi là dự thảo."),
    "muc.tieu_de": ("Tiêu đề", ""),
    "muc.doan": ("Các đoạn", "Mỗi đoạn một dòng; dòng bắt đầu bằng “- ” là gạch đầu dòng."),
    "muc.sau": ("Đoạn sau các mục con", "Mỗi đoạn một dòng."),
    "muc.kieu_muc": ("Kiểu đánh số mục con", ""),
}


#: What an empty field prints, shown in it as a hint.
PLACEHOLDERS = {"luu": "VT", "ngay": "2024-05-10", "so": "(dự thảo: để trống)", "ky_hieu": "(tự ghép)"}


def form_schema() -> dict:
    """What the page needs to build the form."""
    return {"schema": VanBan.model_json_schema(), "placeholders": PLACEHOLDERS,
            "labels": {k: {"label": v[0], "help": v[1]} for k, v in LABELS.items()},
            "kinds": KIND_LABELS, "profiles": PROFILE_LABELS, "numbering": NUMBERING_LABELS}


def _agency(mau: Mau) -> dict:
    if mau is Mau.cong_doan:
        return {"chu_quan": ["TỔNG LĐLĐ VIỆT NAM"], "ten": ["LĐLĐ TỈNH …"], "viet_tat": "LĐLĐ", "dia_danh": "…"}
    return {"chu_quan": ["UBND TỈNH …"], "ten": ["SỞ …"], "viet_tat": "S…", "dia_danh": "…"}


def skeleton_text(loai: Loai, mau: Mau) -> Optional[str]:
    """``vanban new``'s commented skeleton (issue 12) when it is installed: the page then starts
    from the same file the command writes, every key explained in a comment that saving keeps."""
    try:
        import vanban.model.skeleton as new   # issue 12; absent before it lands
    except ImportError:
        return None
    text = new.skeleton(loai, mau, schema=None)
    load_text(text)   # it validates as written, or the page would open a file it cannot save
    return text


def skeleton(loai: Loai, mau: Mau, today: Optional[_dt.date] = None) -> dict:
    """A new draft of ``loai`` as data: every required field filled with a placeholder to replace."""
    today = today or _dt.date.today()
    plan = KINDS[loai].scheme[0] == "I"
    body = ([{"tieu_de": "Mục đích, yêu cầu", "muc": ["Mục đích …", "Yêu cầu …"]},
             {"tieu_de": "Nội dung", "muc": ["…"]},
             {"tieu_de": "Tổ chức thực hiện", "muc": ["…"]}] if plan else ["Nội dung thứ nhất …"])
    data = {
        "loai": loai.value, "mau": mau.value, "co_quan": _agency(mau), "ngay": f"{today.year}-{today.month:02d}",
        "trich_yeu": "…",
        "kinh_gui": ["…"] if loai in (Loai.cong_van, Loai.to_trinh) else None,
        "noi_dung": body, "noi_nhan": ["Như trên"], "luu": ["VT"],
        "ky": ({"tm": "BAN THƯỜNG VỤ"} if mau is Mau.cong_doan else {"kt": "GIÁM ĐỐC"}) | {"chuc_vu": "PHÓ CHỦ TỊCH" if mau is Mau.cong_doan else "PHÓ GIÁM ĐỐC"},
    }
    if loai is Loai.quyet_dinh:
        data["tham_quyen"] = "GIÁM ĐỐC SỞ …"
        data["can_cu"] = ["Căn cứ …;"]
        data["noi_dung"] = ["…", "…", "…"]
    return to_data(load_dict({k: v for k, v in data.items() if v is not None}))
