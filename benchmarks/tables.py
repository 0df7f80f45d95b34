"""Speed of a long table: a kế hoạch whose assignment table has 500 rows (issue 25).

    python benchmarks/tables.py [--rows 500] [--runs 5]

Prints the best of N in-process timings of: validating the YAML (parse + model, the grid of
every merged cell included), rendering the .docx (``render_bytes``, template compiled once as in
a batch), and the YAML content rules (``check_model``). Target: the render well under a second.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEAD = """loai: ke_hoach
co_quan: {chu_quan: UBND TỈNH LAI CHÂU, ten: [ỦY BAN NHÂN DÂN, HUYỆN PHONG THỔ], viet_tat: UBND, dia_danh: Phong Thổ}
so: 87
ngay: 2024-03-08
trich_yeu: Triển khai nhiệm vụ năm 2024
noi_dung:
  - tieu_de: Nhiệm vụ và phân công thực hiện
    doan:
      - bang:
          so_thu_tu: true
          rong: [1, 7, 2.5, 3, 3.5]
          cot: [TT, Nội dung công việc, Thời gian, Đơn vị chủ trì, Đơn vị phối hợp]
          dong:
"""
TAIL = """noi_nhan: [UBND tỉnh]
ky: {tm: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, ho_ten: Lò Văn Pao}
"""


def yaml_text(rows: int) -> str:
    lines = []
    for k in range(rows):
        merged = '{noi_dung: "Phòng Giáo dục và Đào tạo; UBND các xã", gop_dong: 2}' if k % 10 == 0 else None
        tail = [merged] if merged else ([] if k % 10 == 1 else ['"UBND các xã, thị trấn"'])
        cells = [f'"Rà soát, thống kê, **báo cáo** nhiệm vụ số {k + 1} của kế hoạch trên địa bàn huyện"',
                 f'"Tháng {k % 12 + 1}/2024"', '"Phòng Giáo dục và Đào tạo"'] + tail
        lines.append("            - [" + ", ".join(cells) + "]")
    return HEAD + "\n".join(lines) + "\n" + TAIL


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from vanban.check import check_model
    from vanban.model import load_text
    from vanban.rendering.renderer import render_bytes
    text = yaml_text(args.rows)
    doc = load_text(text)
    render_bytes(doc)   # compile the template once, as a batch or the web does
    load = best(lambda: load_text(text), args.runs)
    render = best(lambda: render_bytes(doc), args.runs)
    check = best(lambda: check_model(doc), args.runs)
    size = len(render_bytes(doc))
    print(f"{args.rows}-row table: validate {load * 1000:.0f} ms, render {render * 1000:.0f} ms "
          f"(.docx {size // 1024} KB; target well under 1000 ms), YAML check {check * 1000:.0f} ms")


if __name__ == "__main__":
    main()
