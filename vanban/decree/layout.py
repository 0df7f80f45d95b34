"""The numbers of Decree 30/2020/NĐ-CP appendix I, in one place.

The template builder turns them into page setup and styles; the renderer uses
the same numbers for what depends on content (rule lengths, the Kính gửi
indent). Where the decree gives a range, the value chosen is noted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from vanban.decree.metrics import text_width_mm

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

@dataclass(frozen=True)
class Range:
    """What the decree allows, inclusive: ``Range(13, 14)`` for "13 đến 14"."""
    lo: float
    hi: float

    def __contains__(self, value: float) -> bool:
        return self.lo <= value <= self.hi

    def __str__(self) -> str:
        return f"{self.lo:g}" if self.lo == self.hi else f"{self.lo:g}–{self.hi:g}"


@dataclass(frozen=True)
class Ranges:
    """The decree's ranges (appendix I); :class:`Layout` chooses inside them and ``check`` tests against them."""
    quoc_hieu: Range = Range(12, 13)
    tieu_ngu: Range = Range(13, 14)
    co_quan: Range = Range(12, 13)
    so: Range = Range(13, 13)
    ngay: Range = Range(13, 14)
    vv: Range = Range(12, 13)
    ten_loai: Range = Range(13, 14)
    trich_yeu: Range = Range(13, 14)
    kinh_gui: Range = Range(13, 14)
    body: Range = Range(13, 14)
    noi_nhan: Range = Range(12, 12)
    noi_nhan_item: Range = Range(11, 11)
    chu_ky: Range = Range(13, 14)
    page_number: Range = Range(13, 14)
    margin_top: Range = Range(20, 25)
    margin_bottom: Range = Range(20, 25)
    margin_left: Range = Range(30, 35)
    margin_right: Range = Range(15, 20)
    first_line_indent: Range = Range(10, 12.7)
    paragraph_space: Range = Range(6, 72)
    line_spacing: Range = Range(1.0, 1.5)
    rule_ratio: Range = Range(1 / 3, 1 / 2)


DECREE = Ranges()


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points, each inside the decree's range (:data:`DECREE`)."""
    quoc_hieu: float = 13        # 12–13
    tieu_ngu: float = 14         # 13–14
    co_quan: float = 13          # 12–13, superior and issuing agency alike
    so: float = 13               # 13
    ngay: float = 14             # 13–14
    vv: float = 12               # 12–13, subject of a công văn
    ten_loai: float = 14         # 13–14, KẾ HOẠCH …
    trich_yeu: float = 14        # 13–14
    kinh_gui: float = 14         # 13–14
    body: float = 14             # 13–14
    noi_nhan: float = 12         # 12, the "Nơi nhận:" label
    noi_nhan_item: float = 11    # 11
    chu_ky: float = 14           # 13–14, authority, title and name
    page_number: float = 14      # 13–14
    footnote: float = 12         # not fixed by the decree; readable at the page foot


@dataclass(frozen=True)
class Layout:
    """Page geometry in millimetres and paragraph spacing in points."""
    page_width: float = 210.0
    page_height: float = 297.0
    margin_top: float = 20.0      # 20–25
    margin_bottom: float = 20.0   # 20–25
    margin_left: float = 30.0     # 30–35
    margin_right: float = 15.0    # 15–20
    header_distance: float = 10.0  # the page number sits in the top margin
    # Header table: 40 % / 60 % of a slightly wider box. The bold Quốc hiệu is
    # 95.7 mm at 13 pt; with Word's 1.9 mm cell padding the right column needs
    # about 100 mm, so the table reaches 5 mm into the 30 mm left margin.
    header_left: float = 68.0
    header_right: float = 102.0
    header_indent: float = -5.0
    cell_padding: float = 1.9
    # Signature block: Nơi nhận on the left, the signature on the right.
    sign_left: float = 75.0
    first_line_indent: float = 10.0   # 1 cm (or 1.27 cm)
    paragraph_space: float = 6.0      # at least 6 pt between paragraphs
    block_space: float = 12.0         # above the Kính gửi block and the signature block
    line_spacing: float = 1.15        # between single and 1.5 lines
    agency_rule_ratio: float = 0.4    # line under the agency name: 1/3–1/2 of its text
    subject_rule_ratio: float = 0.4   # line under the subject: 1/3–1/2 of its text
    signature_gap: float = 72.0       # room for signature and seal, in points
    sizes: Sizes = field(default_factory=Sizes)

    @property
    def text_width(self) -> float:
        return self.page_width - self.margin_left - self.margin_right

    @property
    def sign_right(self) -> float:
        return self.text_width - self.sign_left

    def inner(self, cell_mm: float) -> float:
        """Usable width of a table cell."""
        return cell_mm - 2 * self.cell_padding

    def motto_rule_mm(self) -> float:
        """The line under the motto is as long as the motto."""
        return text_width_mm(TIEU_NGU, self.sizes.tieu_ngu, bold=True)

    def agency_rule_mm(self, lines: list[str]) -> float:
        widest = max(text_width_mm(t, self.sizes.co_quan, bold=True) for t in lines)
        return min(widest, self.inner(self.header_left)) * self.agency_rule_ratio

    def subject_rule_mm(self, subject: str) -> float:
        width = text_width_mm(subject, self.sizes.trich_yeu, bold=True)
        return min(width, self.text_width) * self.subject_rule_ratio


DEFAULT = Layout()


def out_of_range(lay: Layout = DEFAULT, ranges: Ranges = DECREE) -> list[str]:
    """Every choice of ``lay`` outside the rules' ranges (the decree's unless ``ranges`` is given,
    e.g. the Party's), as ``name value range``; empty when all conform."""
    out = []
    for name, rng in vars(ranges).items():
        value = getattr(lay.sizes, name, None) if hasattr(lay.sizes, name) else getattr(lay, name, None)
        if name == "rule_ratio":
            values = [lay.agency_rule_ratio, lay.subject_rule_ratio]
        else:
            values = [value] if value is not None else []
        out += [f"{name} {v:g} not in {rng}" for v in values if v not in rng]
    return out
