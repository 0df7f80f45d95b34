"""One document of every kind × profile, each using the features import must recover."""
from __future__ import annotations

from vanban.model import Loai, Mau

AGENCY = {
    Mau.nha_nuoc: {"chu_quan": "UBND TỈNH LAI CHÂU", "ten": "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "viet_tat": "SGDĐT",
                   "dia_danh": "Lai Châu"},
    Mau.cong_doan: {"chu_quan": "TỔNG LĐLĐ VIỆT NAM", "ten": ["LIÊN ĐOÀN LAO ĐỘNG", "TỈNH LAI CHÂU"],
                    "viet_tat": "LĐLĐ", "dia_danh": "Lai Châu"},
}
SIGN = [{"kt": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn An"},
        {"tm": "BAN THƯỜNG VỤ", "chuc_vu": "CHỦ TỊCH", "ho_ten": "Lò Thị Bình"},
        {"tl": "GIÁM ĐỐC", "chuc_vu": "CHÁNH VĂN PHÒNG", "ho_ten": "Trần Đức Cường"},
        {"q": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC"}]

_PLAN_BODY = [
    {"tieu_de": "MỤC ĐÍCH, YÊU CẦU", "muc": [
        {"tieu_de": "Mục đích", "doan": ["Nâng cao nhận thức của **cán bộ, đoàn viên** về học tập suốt đời[^1]."]},
        {"tieu_de": "Yêu cầu", "doan": ["- Bám sát *thực tiễn* địa phương;", "- Bảo đảm tiến độ."]}]},
    {"tieu_de": "NHIỆM VỤ", "muc": [
        {"tieu_de": "Tuyên truyền", "muc": [
            {"tieu_de": "Nội dung", "muc": ["Phổ biến chủ trương.", "Biểu dương điển hình.", "Tổ chức tọa đàm.",
                                            "Thi tìm hiểu.", "Sơ kết, tổng kết.", "Khen thưởng."]},
            {"tieu_de": "Hình thức", "doan": ["Trên báo, đài và mạng xã hội."]}]},
        {"tieu_de": "Đề nghị các đơn vị:", "kieu_muc": "a", "muc": ["Xây dựng kế hoạch.", "Báo cáo kết quả."]}]},
    {"tieu_de": "TỔ CHỨC THỰC HIỆN", "doan": ["Các đơn vị triển khai thực hiện Kế hoạch này."]},
]
_LETTER_BODY = [
    "Tuyên truyền, phổ biến **Chỉ thị số 29-CT/TW**[^1] đến toàn thể cán bộ.",
    {"doan": ["Rà soát, thống kê số liệu:", "- Số trường đạt chuẩn;", "- Số lớp học tạm."],
     "muc": ["Trước ngày 20/01/2024.", "Gửi về Văn phòng."]},
    {"tieu_de": "Tổ chức thực hiện", "doan": ["Giao Văn phòng theo dõi, đôn đốc."]},
]
_DECISION_BODY = [
    {"tieu_de": "Ban hành kèm theo Quyết định này Quy chế làm việc.", "muc": ["Phạm vi điều chỉnh.", "Đối tượng áp dụng."]},
    "Quyết định có hiệu lực từ ngày ký[^1].",
    "Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.",
]


def example(kind: Loai, profile: Mau, variant: int = 0) -> dict:
    """A realistic document of ``kind`` issued by a body of ``profile``."""
    data = {
        "loai": kind.value, "mau": profile.value, "co_quan": dict(AGENCY[profile]),
        "so": 5 + variant, "ngay": "2024-02-08",
        "trich_yeu": "triển khai Chương trình \"Học tập suốt đời\" năm 2024",
        "noi_dung": _PLAN_BODY, "chu_thich": {"1": ["Chỉ thị số 29-CT/TW ngày 05/01/2024 của Bộ Chính trị."]},
        "noi_nhan": ["Như Điều 3" if kind is Loai.quyet_dinh else "Như trên", "Lãnh đạo Sở"],
        "luu": ["VT", "VP"], "ky": SIGN[(variant + list(Loai).index(kind)) % len(SIGN)],
    }
    if kind in (Loai.cong_van, Loai.thong_bao):
        data["noi_dung"] = _LETTER_BODY
        data["can_cu"] = ["Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh;"]
        data["mo_dau"] = ["Sở đề nghị các đơn vị thực hiện một số nội dung sau:"]
        data["ket_thuc"] = ["Trong quá trình thực hiện, nếu có vướng mắc, đề nghị báo cáo về Sở để được hướng dẫn."]
        data["kinh_gui"] = ["Các phòng, ban thuộc Sở", "Các trường trung học phổ thông"] if kind is Loai.cong_van \
            else None
    if kind is Loai.cong_van:
        data["don_vi_soan_thao"] = "VP"
    if kind is Loai.quyet_dinh:
        data["noi_dung"] = _DECISION_BODY
        data["trich_yeu"] = "Về việc ban hành Quy chế làm việc"
        data["tham_quyen"] = "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO" if profile is Mau.nha_nuoc \
            else "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH"
        data["can_cu"] = ["Căn cứ Luật Giáo dục ngày 14/6/2019;", "Xét đề nghị của Chánh Văn phòng."]
    if kind in (Loai.ke_hoach, Loai.bao_cao, Loai.to_trinh):
        data["can_cu"] = ["Thực hiện chỉ đạo của cấp trên;"]
        data["mo_dau"] = ["Đơn vị ban hành văn bản như sau:"]
        data["ket_thuc"] = ["Trên đây là nội dung, đề nghị các đơn vị triển khai thực hiện."]
        data["dau_ket"] = True
    if kind is Loai.to_trinh:
        data["kinh_gui"] = ["Ủy ban nhân dân tỉnh Lai Châu"]
    if variant:
        # A draft: number and day left blank, the signer's name not yet typed.
        data["so"], data["ngay"] = None, "2024-11"
        data["ky"] = {k: v for k, v in data["ky"].items() if k != "ho_ten"}
    return data
