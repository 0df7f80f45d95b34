"""Draft documents for the register tests: a công văn without its number and day."""
from __future__ import annotations

from pathlib import Path

DRAFT = """\
# Draft written by hand: this comment, the key order and the quoting must survive issuing.
loai: cong_van
mau: cong_doan
co_quan:
  chu_quan: TỔNG LĐLĐ VIỆT NAM
  ten: LĐLĐ TỈNH LAI CHÂU     # issuing body
  viet_tat: LĐLĐ
  dia_danh: Lai Châu
ngay: 2024-05               # the clerk fills in the day
trich_yeu: "{subject}"
kinh_gui:
  - Liên đoàn Lao động các huyện, thành phố
  - Công đoàn ngành, Công đoàn Viên chức tỉnh
noi_dung:
  - >-
      Tuyên truyền vận động đoàn viên, người lao động tham gia học tập
      suốt đời.
noi_nhan: [Như Kính gửi, UBND tỉnh]
luu: [TgNc, VT]
ky:
  tm: BAN THƯỜNG VỤ
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: Hoàng Văn Trinh
"""

DECISION = DRAFT.replace("loai: cong_van", "loai: quyet_dinh").replace(
    "noi_dung:", "tham_quyen: BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH\nnoi_dung:")


def write_draft(folder: Path, name: str, subject: str = "triển khai học tập suốt đời", text: str = DRAFT) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text.format(subject=subject), encoding="utf-8")
    return path
