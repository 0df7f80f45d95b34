"""The document model: what a Vietnamese administrative document says.

YAML keys are Vietnamese words without diacritics (``trich_yeu``, ``noi_nhan``),
the names clerks already use; each field's description gives the English.
The model holds content only; layout lives in the templates and numbering is
derived from position, so a YAML file never says "I." or "a)".
"""
from __future__ import annotations

import datetime as _dt
import enum
import re
from dataclasses import dataclass
from typing import Annotated, Iterator, Literal, Optional, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, Discriminator, Field, Tag,
                      field_validator, model_validator)

from vanban.model import inline, numbering
from vanban.model.base import Model, Text
from vanban.model.tables import BangNode

from vanban.decree import kinds as kind_data
from vanban.decree import party, vn
from vanban.i18n import _

def _code(value: str) -> str:
    if not value:
        raise ValueError(_("must not be empty"))
    hidden = vn.hidden_char(value)
    if hidden:
        raise ValueError(_("contains an invisible character (U+{code}); retype the code").format(code=f"{ord(hidden):04X}"))
    return value


#: Parts of the ký hiệu (UBND, KH-UBND, VX): printed in the code, compared by the register.
Code = Annotated[Text, AfterValidator(_code)]


def _number(value):
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    return value


#: A registration number: no more than six digits (numbers restart every year).
So = Annotated[int, BeforeValidator(_number), Field(ge=1, le=999_999)]


def _lines(value):
    """Accept one string or a list of strings for fields that may span several lines."""
    if value is None or isinstance(value, list):
        return value
    return [value]


Lines = Annotated[list[Text], BeforeValidator(_lines)]


def _paragraphs(value):
    """A block of text (one paragraph per non-blank line) or a list of paragraphs."""
    if isinstance(value, str):
        return [line for line in value.splitlines() if line.strip()]
    return value


Paragraphs = Annotated[list[Text], BeforeValidator(_paragraphs)]


def _kind_of_node(value) -> Optional[str]:
    """Which member of the body's union a YAML value is: text, a table (``bang:``) or a section.
    Anything else matches none, and the loader says what a body item may be."""
    if isinstance(value, str):
        return "str"
    if isinstance(value, BangNode) or (isinstance(value, dict) and "bang" in value):
        return "BangNode"
    if isinstance(value, dict) or isinstance(value, BaseModel):
        return "Muc"
    return None


#: A paragraph or a table: what a section's ``doan`` and ``sau`` hold.
Item = Annotated[Union[Annotated[BangNode, Tag("BangNode")], Annotated[Text, Tag("str")]],
                 Discriminator(_kind_of_node)]
Items = Annotated[list[Item], BeforeValidator(_paragraphs)]


#: Kind of document (loại văn bản): one member per key of :data:`vanban.decree.kinds.KINDS`
#: (``Loai.cong_van`` … ``Loai.thong_tri``), so a new kind is a line of data, not code.
Loai = enum.Enum("Loai", [(key, key) for key in kind_data.KINDS], type=str, module=__name__)
Loai.__doc__ = "Kind of document (loại văn bản)."


class Mau(str, enum.Enum):
    """Profile (mẫu): which kind of body issues the document."""
    nha_nuoc = "nha_nuoc"      # state agency: UBND, Sở, Phòng …
    cong_doan = "cong_doan"    # trade union: LĐLĐ, Công đoàn ngành …
    dang = "dang"              # Party body: tỉnh ủy, đảng ủy, Đảng đoàn, chi bộ (QĐ 399-QĐ/TW, HD 36-HD/VPTW)


#: Numbering styles of body sections, by the marker they print.
KieuMuc = Literal["chuong", "A", "I", "1", "1.1", "a", "-", "+", "dieu", "none"]

KindInfo = kind_data.KindInfo
KINDS: dict = {Loai(key): info for key, info in kind_data.KINDS.items()}


class CoQuan(Model):
    """Issuing body (cơ quan ban hành): the left column of the header."""
    chu_quan: Optional[Lines] = Field(None, description="superior agency line(s) (cơ quan chủ quản), e.g. UBND TỈNH LAI CHÂU")
    ten: Lines = Field(description="issuing agency name, one string per printed line, e.g. [ỦY BAN NHÂN DÂN, TỈNH LAI CHÂU]")
    viet_tat: Code = Field(description="agency abbreviation for the code (ký hiệu): UBND, LĐLĐ")
    dia_danh: Text = Field(description="place name (địa danh) of the date line: Lai Châu")
    ten_goi: Optional[Text] = Field(None, description="short name used when the document is cited: UBND tỉnh")

    @field_validator("ten")
    @classmethod
    def _not_empty(cls, v):
        if not v or not all(v):
            raise ValueError(_("the agency name needs at least one non-empty line"))
        return v


class NgayThang(Model):
    """Date of issue (ngày ban hành); day, or day and month, left blank on a draft."""
    nam: Optional[int] = Field(None, ge=1945, le=2100, description="year")
    thang: Optional[int] = Field(None, ge=1, le=12, description="month")
    ngay: Optional[int] = Field(None, ge=1, le=31, description="day")

    @model_validator(mode="after")
    def _real_date(self):
        if self.ngay and not self.thang:
            raise ValueError(_("a day needs a month"))
        if self.nam and self.thang and self.ngay:
            try:
                _dt.date(self.nam, self.thang, self.ngay)
            except ValueError:
                raise ValueError(_("{date} is not a date").format(date=f"{self.ngay:02d}/{self.thang:02d}/{self.nam}")) from None
        return self

    @property
    def date(self) -> Optional[_dt.date]:
        """The full date, or None while a part is still blank."""
        if self.nam and self.thang and self.ngay:
            return _dt.date(self.nam, self.thang, self.ngay)
        return None


def _parse_date(value):
    """``2023-12-08`` (issued), ``2023-11`` (draft: day blank), ``2023``, a mapping, or the date as a
    clerk types it: ``08/12/2023``, ``8/12/2023``, ``ngày 8 tháng 12 năm 2023`` (:func:`vn.parse_typed_date`)."""
    if value is None or isinstance(value, (dict, NgayThang)):
        return value
    if isinstance(value, _dt.date):
        return {"nam": value.year, "thang": value.month, "ngay": value.day}
    parts = vn.parse_typed_date(str(value))
    if parts is None:
        raise ValueError(_("write the date as 15/12/2026 (or 2026-12-15), or 12/2026 for a draft without its day"))
    y, mo, d = parts
    if mo is not None and not 1 <= mo <= 12:
        raise ValueError(_("month {month} does not exist").format(month=mo))
    if d is not None:
        try:
            _dt.date(y, mo, d)
        except ValueError:
            raise ValueError(_("{date} is not a date").format(date=value)) from None
    return {"nam": y, "thang": mo, "ngay": d}


class ChuKy(Model):
    """Signature block (chữ ký): signing authority, signer's title and name."""
    tm: Optional[Text] = Field(None, description="TM. — on behalf of a collective body: ỦY BAN NHÂN DÂN, BAN THƯỜNG VỤ")
    kt: Optional[Text] = Field(None, description="KT. — a deputy signing for the head: CHỦ TỊCH")
    q: Optional[Text] = Field(None, description="Q. — acting head")
    tl: Optional[Text] = Field(None, description="TL. — signing by order of the head")
    tuq: Optional[Text] = Field(None, description="TUQ. — signing by delegation")
    chuc_vu: Text = Field(description="signer's title: PHÓ CHỦ TỊCH")
    ho_ten: Optional[Text] = Field(None, description="signer's name; left blank on a draft")

    @model_validator(mode="after")
    def _one_delegation(self):
        given = [k for k in vn.AUTHORITY_KEYS[1:] if getattr(self, k)]
        if len(given) > 1:
            raise ValueError(_("choose one of kt, q, tl, tuq (got {keys})").format(keys=", ".join(given)))
        if self.kt and not vn.upper_vi(self.chuc_vu).startswith("PHÓ"):
            # KT. (ký thay) is a deputy signing for the head: the title printed under it is the deputy's.
            raise ValueError(_("kt: {head} means a deputy signs for the {head}, so chuc_vu must be the deputy's "
                               "title (PHÓ {head}), not {title}; for the head signing in person leave kt out").format(
                head=vn.upper_vi(self.kt), title=vn.upper_vi(self.chuc_vu)))
        return self

    def authorities(self) -> list[tuple[str, str]]:
        """``[("tm", "ỦY BAN NHÂN DÂN"), ("kt", "CHỦ TỊCH")]``: the keys given, in the decree's order."""
        return [(key, getattr(self, key)) for key in vn.AUTHORITY_KEYS if getattr(self, key)]

    def authority_lines(self) -> list[str]:
        """``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH`` … in the order the decree prints them."""
        return [f"{key.upper()}. {vn.upper_vi(value)}" for key, value in self.authorities()]


#: The most further signers (``ky_them``) beside the first two: six parties in all, three rows of two.
MORE_SIGNERS = 4


class Muc(Model):
    """A section of the body (mục): an optional numbered heading, paragraphs, sub-sections."""
    tieu_de: Optional[Text] = Field(None, description="heading, numbered from its depth: 'Mục đích, yêu cầu' → 'I. MỤC ĐÍCH, YÊU CẦU'")
    doan: Items = Field(default_factory=list, description="paragraphs under the heading; a line starting with '- ' is a dash item; a table as {bang: …}")
    muc: list["Node"] = Field(default_factory=list, description="sub-sections; a plain string is a numbered paragraph")
    kieu_muc: Optional[KieuMuc] = Field(None, description="numbering style of the sub-sections, overriding the default for their depth")
    sau: Items = Field(default_factory=list, description="paragraphs after the sub-sections")

    @field_validator("kieu_muc")
    @classmethod
    def _chapters_on_top(cls, v):
        if v == "chuong":
            # A chapter holds articles; nothing holds chapters (they would print "Chương I" under a section).
            raise ValueError(_("chapters number the top level only: write kieu_muc: chuong beside noi_dung "
                               "(of the document or of an appendix)"))
        return v


#: One item of the body: a numbered paragraph, a section, or a table.
Node = Annotated[Union[Annotated[Muc, Tag("Muc")], Annotated[BangNode, Tag("BangNode")], Annotated[Text, Tag("str")]],
                 Discriminator(_kind_of_node)]


class PhuLuc(Model):
    """An appendix (phụ lục): its name, and a body of sections and tables on pages of its own."""
    ten: Text = Field(description="the appendix's name, printed in capitals under 'Phụ lục I'")
    ngang: bool = Field(False, description="landscape pages (for a wide table)")
    noi_dung: list[Node] = Field(default_factory=list, description="the appendix's body: sections, paragraphs, tables")
    kieu_muc: Optional[KieuMuc] = Field(None, description="numbering style of the appendix's top level, when it is not the kind's")


class VanBan(Model):
    """A Vietnamese administrative document (văn bản hành chính)."""
    loai: Loai = Field(description="kind: cong_van, ke_hoach, quyet_dinh, nghi_quyet, quy_che, huong_dan … (vanban new --help lists them)")
    mau: Mau = Field(Mau.nha_nuoc, description="profile: nha_nuoc (state agency), cong_doan (trade union) or dang (Party body)")
    co_quan: CoQuan = Field(description="issuing body")
    so: Optional[So] = Field(None, description="registration number; leave out on a draft")
    ky_hieu: Optional[Code] = Field(None, description="document code, when it is not the usual KH-UBND / UBND-VX")
    don_vi_soan_thao: Optional[Code] = Field(None, description="drafting unit's abbreviation, for a công văn's code: VX in UBND-VX")
    ngay: Optional[NgayThang] = Field(None, description="date of issue: 2023-12-08, or 2023-11 on a draft")
    trich_yeu: Optional[Text] = Field(None, description="subject line (trích yếu); for a công văn, without the 'V/v'")
    tham_quyen: Optional[Text] = Field(None, description="decision-making authority printed above the căn cứ of a quyết định")
    kinh_gui: Optional[Lines] = Field(None, description="recipients (Kính gửi)")
    can_cu: Paragraphs = Field(default_factory=list, description="legal basis paragraphs (căn cứ, thực hiện …)")
    mo_dau: Paragraphs = Field(default_factory=list, description="opening paragraphs before the numbered body")
    noi_dung: list[Node] = Field(default_factory=list, description="the body: numbered sections")
    kieu_muc: Optional[KieuMuc] = Field(None, description="numbering style of the body's top level, when it is not the kind's: '1' for sections numbered 1., 2. where a plan uses I., II.; 'chuong' for chapters (Chương I) holding articles numbered on across them")
    ket_thuc: Paragraphs = Field(default_factory=list, description="closing paragraphs")
    dau_ket: bool = Field(False, description="end the text with './.' as the decree's samples do")
    chu_thich: dict[str, Paragraphs] = Field(default_factory=dict, description="footnotes, cited in the text as [^key]")
    noi_nhan: Lines = Field(default_factory=list, description="distribution list (Nơi nhận), without the 'Lưu' entry")
    luu: Lines = Field(default_factory=lambda: ["VT"], description="filed copies (Lưu): VT and the drafting unit")
    ky: ChuKy = Field(description="signature block")
    ky_ben_trai: Optional[ChuKy] = Field(None, description="left signature block of a biên bản (THƯ KÝ), "
                                         "hợp đồng, bản ghi nhớ, bản thỏa thuận (ĐẠI DIỆN BÊN A)")
    ky_them: list[ChuKy] = Field(default_factory=list, max_length=MORE_SIGNERS,
                                 description="further parties signing side by side (a biên bản's third and fourth "
                                             "party, ĐẠI DIỆN BÊN C): printed two to a row under ky_ben_trai and ky, "
                                             "in reading order")
    lien_tich: bool = Field(False, description="a joint document of two or more agencies (văn bản liên tịch): their "
                                              "heads sign side by side, the lead agency's in ky (right), the other's "
                                              "in ky_ben_trai (left), a third's in ky_them")
    dai_hoi: bool = Field(False, description="a Party congress's document (mau: dang): numbered in the congress's "
                                             "one series for every kind, not its kind's")
    phu_luc: list[PhuLuc] = Field(default_factory=list, description="appendices (phụ lục), each from a new page")

    _parse_ngay = field_validator("ngay", mode="before")(_parse_date)

    @field_validator("luu", mode="before")
    @classmethod
    def _split_luu(cls, v):
        if isinstance(v, str):
            return [p.strip() for p in v.split(",") if p.strip()]
        return v

    @field_validator("chu_thich")
    @classmethod
    def _notes_cite_nothing(cls, notes: dict[str, list[str]]) -> dict[str, list[str]]:
        # Word has no footnote inside a footnote: a mark there could only print as a broken number.
        for key, paragraphs in notes.items():
            if any(inline.footnote_keys(text) for text in paragraphs):
                raise ValueError(_("footnote '{key}' cites another footnote; a footnote cannot have its own "
                                   "footnote (write \\[^ for a literal [^)").format(key=key))
        return notes

    @model_validator(mode="after")
    def _kind_rules(self):
        if self.mau.value not in self.kind.profiles:
            raise ValueError(_("a {kind} is not a kind of document {profile} issues; choose from {kinds}").format(
                kind=self.kind.name.lower(), profile=self.mau.value, kinds=", ".join(kind_data.kinds_of(self.mau.value))))
        if self.ky_ben_trai is not None and self.kind.signatures < 2 and not self.lien_tich:
            raise ValueError(_("ky_ben_trai: a {kind} has one signature; a second, left one belongs to a biên bản, "
                               "hợp đồng, bản ghi nhớ or bản thỏa thuận").format(kind=self.kind.name.lower()))
        if self.lien_tich and self.ky_ben_trai is None:
            raise ValueError(_("lien_tich: a joint document is signed by the heads of the agencies side by side; "
                               "give the other agency's signer in ky_ben_trai"))
        if self.ky_them and self.ky_ben_trai is None:
            # The parties print in reading order, left to right then down: the second row needs the first.
            raise ValueError(_("ky_them: further signers follow the first two; give ky_ben_trai (the left one) first"))
        if self.dai_hoi and not party.is_party(self.mau.value):
            raise ValueError(_("dai_hoi: only a Party document (mau: dang) is numbered in a congress's series"))
        if party.is_party(self.mau.value):
            blocks = [("ky", self.ky), ("ky_ben_trai", self.ky_ben_trai)] + \
                [(f"ky_them.{k}", b) for k, b in enumerate(self.ky_them)]
            for name, block in blocks:
                wrong = [k for k, _v in block.authorities() if k not in party.AUTHORITY] if block else []
                if wrong:
                    raise ValueError(_("{block}.{key}: a Party document is signed T/M, K/T or T/L (tm, kt, tl); "
                                       "{key} is the state's form").format(block=name, key=wrong[0]))
        if self.loai is not Loai.cong_van and not self.trich_yeu:
            raise ValueError(_("a {kind} needs its subject line (trich_yeu)").format(kind=self.kind.name.lower()))
        if self.ngay is None:
            self.ngay = NgayThang()
        cited = {key for text in self.texts() for key in inline.footnote_keys(text)}
        unknown = sorted(cited - set(self.chu_thich))
        if unknown:
            raise ValueError(_("footnote [^{key}] is cited but chu_thich has no '{key}'").format(key=unknown[0]))
        unused = sorted(set(self.chu_thich) - cited)
        if unused:
            raise ValueError(_("chu_thich '{key}' is never cited; put [^{key}] where it belongs").format(key=unused[0]))
        return self

    def texts(self) -> Iterator[str]:
        """Every paragraph of running text, in reading order."""
        yield from self.can_cu
        yield from self.mo_dau
        yield from numbering.texts(self.noi_dung)
        yield from self.ket_thuc
        for appendix in self.phu_luc:
            yield appendix.ten
            yield from numbering.texts(appendix.noi_dung)

    @property
    def kind(self) -> KindInfo:
        """The decree's fixed facts for this kind of document."""
        return KINDS[self.loai]

    @property
    def code(self) -> str:
        """The ký hiệu: given explicitly or composed per the decree."""
        if self.ky_hieu:
            return self.ky_hieu
        if party.is_party(self.mau.value):
            return party.ky_hieu(self.kind.party_abbr, self.co_quan.viet_tat)
        return vn.ky_hieu(self.kind.abbr, self.co_quan.viet_tat, self.don_vi_soan_thao)

    @property
    def scheme(self) -> tuple[str, ...]:
        """The body's numbering by depth for this kind under this profile; ``kieu_muc`` replaces its top level."""
        return kind_data.with_top(self.kind.scheme_for(self.mau.value), self.kieu_muc)

    def appendix_scheme(self, appendix: PhuLuc) -> tuple[str, ...]:
        """An appendix's numbering by depth: the kind's, its own ``kieu_muc`` replacing the top level
        (the document's ``kieu_muc`` numbers the document's body only)."""
        return kind_data.with_top(self.kind.scheme_for(self.mau.value), appendix.kieu_muc)

    @property
    def is_draft(self) -> bool:
        """A draft leaves the number or the day for the clerical office to fill in."""
        return self.so is None or self.ngay.date is None


Muc.model_rebuild()
