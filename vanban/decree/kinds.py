"""Every kind of document vanban makes, as data: its name, type name, abbreviations, body and block.

State agencies and trade unions follow Decree 30/2020/NĐ-CP appendix III (names and
abbreviations, :mod:`.type_names`); Party bodies follow Quy định 399-QĐ/TW (09/01/2026), which lists
the Party's kinds, and Hướng dẫn 36-HD/VPTW (2018), which prints the code as ``NQ/TU``. A kind
absent from a profile's list (a kết luận of an UBND, a hợp đồng of a chi bộ) is refused by the model.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

#: Numbering styles by depth (:mod:`.markers`): plans and reports, letters, articles.
PLAN = ("I", "1", "1.1", "a", "-")
LETTER = ("1", "a", "-")
ARTICLES = ("dieu", "1", "a", "-")
#: Chapters holding articles: a regulation's body (Chương I, its articles Điều 1 … numbered on across chapters).
CHAPTERS = ("chuong",) + ARTICLES


def with_top(scheme: tuple[str, ...], top: Optional[str]) -> tuple[str, ...]:
    """A body's numbering by depth when ``top`` numbers its top level: chapters hold articles
    whatever the kind numbers by; any other style replaces the top level only."""
    if not top:
        return scheme
    return CHAPTERS if top == "chuong" else (top, *scheme[1:])

STATE = ("nha_nuoc", "cong_doan")
PARTY = ("dang",)
ALL = STATE + PARTY


@dataclass(frozen=True)
class KindInfo:
    """What the rules fix for a kind of document."""
    name: str                          # the kind in running text: "Kế hoạch số 12/KH-UBND …"
    title: Optional[str]               # the type name printed above the subject; None for a công văn
    abbr: Optional[str]                # appendix III abbreviation used in the ký hiệu (state, union)
    scheme: tuple[str, ...]            # default numbering style by depth
    party_abbr: Optional[str] = None   # QĐ 399 / HD 36 abbreviation ("QĐi", "CV"); None: not a Party kind
    profiles: tuple[str, ...] = STATE  # the profiles that issue it
    party_scheme: Optional[tuple[str, ...]] = None   # the Party's numbering, when it differs
    kinh_gui: bool = False             # addressed to recipients (a Kính gửi block is usual)
    signatures: int = 1                # two for a biên bản, a hợp đồng, a bản thỏa thuận
    decides: bool = False              # prints "QUYẾT ĐỊNH:" and the authority line (a quyết định)
    chapters: bool = False             # a regulation, written in chapters (Chương I …) holding its articles

    def abbr_for(self, profile: str) -> Optional[str]:
        """The abbreviation this kind's code opens with under ``profile``."""
        return self.party_abbr if profile in PARTY else self.abbr

    def scheme_for(self, profile: str) -> tuple[str, ...]:
        return self.party_scheme if profile in PARTY and self.party_scheme else self.scheme


def _k(name, title, abbr, scheme, party=None, profiles=STATE, **kw) -> KindInfo:
    return KindInfo(name, title, abbr, scheme, party, profiles if party is None else ALL if profiles == STATE
                    else profiles, **kw)


#: The kinds, by the key a YAML file names them with (``loai:``), in appendix III's order and then
#: the Party's own. The first six are the kinds vanban made before the Party profile.
KINDS: dict[str, KindInfo] = {
    "cong_van": _k("Công văn", None, None, LETTER, "CV", kinh_gui=True),
    "ke_hoach": _k("Kế hoạch", "KẾ HOẠCH", "KH", PLAN, "KH"),
    "quyet_dinh": _k("Quyết định", "QUYẾT ĐỊNH", "QĐ", ARTICLES, "QĐ", decides=True),
    "thong_bao": _k("Thông báo", "THÔNG BÁO", "TB", LETTER, "TB"),
    "bao_cao": _k("Báo cáo", "BÁO CÁO", "BC", PLAN, "BC", kinh_gui=True),
    "to_trinh": _k("Tờ trình", "TỜ TRÌNH", "TTr", PLAN, "TTr", kinh_gui=True),
    "nghi_quyet": _k("Nghị quyết", "NGHỊ QUYẾT", "NQ", ARTICLES, "NQ", party_scheme=PLAN),
    "chi_thi": _k("Chỉ thị", "CHỈ THỊ", "CT", LETTER, "CT"),
    "quy_che": _k("Quy chế", "QUY CHẾ", "QC", ARTICLES, "QC", chapters=True),
    "quy_dinh": _k("Quy định", "QUY ĐỊNH", "QyĐ", ARTICLES, "QĐi", chapters=True),
    "thong_cao": _k("Thông cáo", "THÔNG CÁO", "TC", LETTER, "TC"),
    "huong_dan": _k("Hướng dẫn", "HƯỚNG DẪN", "HD", PLAN, "HD"),
    "chuong_trinh": _k("Chương trình", "CHƯƠNG TRÌNH", "CTr", PLAN, "CTr"),
    "phuong_an": _k("Phương án", "PHƯƠNG ÁN", "PA", PLAN, "PA"),
    "de_an": _k("Đề án", "ĐỀ ÁN", "ĐA", PLAN, "ĐA"),
    "du_an": _k("Dự án", "DỰ ÁN", "DA", PLAN, "DA"),
    "bien_ban": _k("Biên bản", "BIÊN BẢN", "BB", LETTER, "BB", signatures=2),
    "hop_dong": _k("Hợp đồng", "HỢP ĐỒNG", "HĐ", ARTICLES, signatures=2),
    "cong_dien": _k("Công điện", "CÔNG ĐIỆN", "CĐ", LETTER, kinh_gui=True),
    "ban_ghi_nho": _k("Bản ghi nhớ", "BẢN GHI NHỚ", None, ARTICLES, signatures=2),
    "ban_thoa_thuan": _k("Bản thỏa thuận", "BẢN THỎA THUẬN", None, ARTICLES, signatures=2),
    "giay_uy_quyen": _k("Giấy ủy quyền", "GIẤY ỦY QUYỀN", "GUQ", LETTER),
    "giay_moi": _k("Giấy mời", "GIẤY MỜI", "GM", LETTER, "GM"),
    "giay_gioi_thieu": _k("Giấy giới thiệu", "GIẤY GIỚI THIỆU", "GGT", LETTER, "GGT"),
    "giay_nghi_phep": _k("Giấy nghỉ phép", "GIẤY NGHỈ PHÉP", None, LETTER),
    "phieu_gui": _k("Phiếu gửi", "PHIẾU GỬI", "PG", LETTER),
    "phieu_chuyen": _k("Phiếu chuyển", "PHIẾU CHUYỂN", "PC", LETTER),
    "phieu_bao": _k("Phiếu báo", "PHIẾU BÁO", "PB", LETTER),
    "thu_cong": _k("Thư công", "THƯ CÔNG", None, LETTER),
    "ket_luan": _k("Kết luận", "KẾT LUẬN", None, LETTER, "KL", profiles=PARTY),
    "thong_tri": _k("Thông tri", "THÔNG TRI", None, LETTER, "TT", profiles=PARTY),
}

#: A Party document's type name → its abbreviation (``"QUY ĐỊNH"`` → ``"QĐi"``).
PARTY_BY_TITLE = {k.title: k.party_abbr for k in KINDS.values() if k.title and k.party_abbr}

#: The Party's abbreviations (a Party công văn's code is ``CV/TU``: it has one too).
PARTY_ABBREVIATIONS = frozenset(k.party_abbr for k in KINDS.values() if k.party_abbr)


def kinds_of(profile: str) -> list[str]:
    """The kinds a profile issues, in :data:`KINDS` order."""
    return [key for key, info in KINDS.items() if profile in info.profiles]


__all__ = ["KindInfo", "KINDS", "PLAN", "LETTER", "ARTICLES", "PARTY_ABBREVIATIONS", "PARTY_BY_TITLE", "kinds_of", "STATE", "PARTY"]
