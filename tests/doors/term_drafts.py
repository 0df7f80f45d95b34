"""A Party body's drafts for the term tests: a đảng ủy's nghị quyết or kế hoạch without number and day."""
from __future__ import annotations

from pathlib import Path

PARTY = """\
loai: {loai}
mau: dang
co_quan:
  chu_quan: ĐẢNG BỘ TỈNH LAI CHÂU
  ten: [ĐẢNG ỦY CÁC CƠ QUAN, TỈNH LAI CHÂU]
  viet_tat: ĐU
  dia_danh: Lai Châu
{extra}ngay: 2026-03
trich_yeu: "{subject}"
noi_dung:
  - tieu_de: Nhiệm vụ
    doan:
      - Nâng cao chất lượng sinh hoạt chi bộ.
noi_nhan:
  - Các chi bộ trực thuộc
luu: [Văn phòng Đảng ủy]
ky:
  tm: BAN THƯỜNG VỤ
  chuc_vu: BÍ THƯ
  ho_ten: Lò Văn Phương
"""

#: The body key the register gives this đảng ủy.
BODY = "ĐẢNG ỦY CÁC CƠ QUAN TỈNH LAI CHÂU (ĐU)"


def write_party(folder: Path, name: str, loai: str = "nghi_quyet", subject: str = "về nhiệm vụ năm 2026",
                congress: bool = False) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(PARTY.format(loai=loai, subject=subject, extra="dai_hoi: true\n" if congress else ""),
                    encoding="utf-8")
    return path
