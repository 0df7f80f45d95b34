"""Tables covering every feature of ``bang`` and ``phu_luc``, and a cell-for-cell comparison.

Used by the round-trip tests (render -> import, render -> PDF -> import) and by
``benchmarks/tables_roundtrip.py``. A table is compared as its grid: every cell's text (inline
marks and footnote numbers as printed), row, column and spans, and the number of heading rows.
"""
from __future__ import annotations

import copy

from vanban.model import inline, numbering
from vanban.model.tables import is_table

HEAD = {
    "loai": "ke_hoach", "mau": "nha_nuoc",
    "co_quan": {"chu_quan": "UBND TỈNH LAI CHÂU", "ten": ["ỦY BAN NHÂN DÂN", "HUYỆN PHONG THỔ"],
                "viet_tat": "UBND", "dia_danh": "Phong Thổ", "ten_goi": "UBND huyện"},
    "so": 87, "ngay": "2024-03-08", "trich_yeu": "Triển khai nhiệm vụ năm 2024",
    "noi_nhan": ["UBND tỉnh (b/c)", "UBND các xã"], "luu": ["VT"],
    "ky": {"tm": "ỦY BAN NHÂN DÂN", "kt": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Lò Văn Pao"},
}

#: name -> the ``bang`` mapping; together they cover every feature a table has.
TABLES = {
    "one heading row, TT numbered, widths": {
        "so_thu_tu": True, "rong": [1, 7, 2.5, 3, 3.5],
        "cot": ["TT", "Nội dung công việc", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp"],
        "dong": [["Rà soát, thống kê trẻ em", "Tháng 3/2024", "Phòng Giáo dục và Đào tạo", "UBND các xã"],
                 ["Tuyên truyền **lợi ích** của *giáo dục* mầm non", "Thường xuyên", "Trung tâm VH-TT", ""]],
    },
    "two heading rows, merged across and down": {
        "so_thu_tu": True,
        "cot": [[{"noi_dung": "TT", "gop_dong": 2}, {"noi_dung": "Nội dung", "gop_dong": 2},
                 {"noi_dung": "Thời gian", "gop_dong": 2}, {"noi_dung": "Đơn vị thực hiện", "gop_cot": 2}],
                ["Chủ trì", "Phối hợp"]],
        "dong": [["Xây dựng kế hoạch", "Tháng 4/2024", "UBND các xã",
                  {"noi_dung": "Phòng Giáo dục và Đào tạo; các trường", "gop_dong": 2}],
                 ["Bố trí kinh phí", "Quý II/2024", "Phòng Tài chính - Kế hoạch"],
                 ["Tổng hợp, báo cáo", {"noi_dung": "Trước ngày 15/12/2024, Phòng GD&ĐT", "gop_cot": 2}, "Các xã"]],
    },
    "no TT, block of merged cells, numbers": {
        "cot": ["Xã", "Số lớp", "Số trẻ", "Tỷ lệ (%)"],
        "dong": [[{"noi_dung": "Xã Sì Lở Lầu và xã Dào San", "gop_cot": 2, "gop_dong": 2}, "310", "98,5"],
                 ["352", "97,2"],
                 ["Xã Mù Sang", "9", "201", "96,8"]],
    },
    "TT typed by hand with a group row": {
        "cot": ["TT", "Nhiệm vụ", "Đơn vị"],
        "dong": [["I", {"noi_dung": "**Nhóm nhiệm vụ thường xuyên**", "gop_cot": 2}],
                 ["1", "Kiểm tra", "Phòng Nội vụ"], ["2", "Báo cáo[^1]", "Văn phòng"]],
    },
}

#: An appendix in landscape and one in portrait, each with a table.
APPENDICES = [
    {"ten": "Chỉ tiêu của các xã", "ngang": True, "noi_dung": [{"bang": {
        "so_thu_tu": True, "cot": ["TT", "Xã", "Trường", "Số lớp", "Số trẻ", "Ghi chú"],
        "dong": [["Xã A", "Trường A", "12", "310", ""], ["Xã B", "Trường B", "14", "352", "Có điểm lẻ"]]}}]},
    {"ten": "Danh sách đơn vị phối hợp", "noi_dung": [{"bang": {
        "cot": ["Đơn vị", "Đầu mối"], "dong": [["Phòng Nội vụ", "Ông A"], ["Văn phòng", "Bà B"]]}}]},
]


def document(tables: dict = TABLES, appendices: list = APPENDICES) -> dict:
    """A kế hoạch holding ``tables`` in its body (one section each) and ``appendices``."""
    data = copy.deepcopy(HEAD)
    data["noi_dung"] = [{"tieu_de": f"Nội dung {k + 1}", "doan": [f"Các đơn vị thực hiện theo bảng {k + 1}.",
                                                                   {"bang": copy.deepcopy(t)}]}
                        for k, t in enumerate(tables.values())]
    if "[^1]" in str(tables):
        data["chu_thich"] = {"1": ["Theo Kế hoạch số 12/KH-UBND."]}
    data["phu_luc"] = copy.deepcopy(appendices)
    return data


def tables_of(doc) -> list:
    """Every table of a document model (body, then appendices), in reading order."""
    out = []
    for nodes in [doc.noi_dung] + [a.noi_dung for a in doc.phu_luc]:
        for n in numbering.walk(nodes, (), tables=True):
            if is_table(n.node):
                out.append(n.node.bang)
            elif not isinstance(n.node, str):
                out += [i.bang for i in (n.node.sau if n.end else n.node.doan) if is_table(i)]
    return out


def grid(bang) -> tuple:
    """A table as compared: heading rows and every cell (part, row, col, cols, rows, text as printed)."""
    def text(t: str) -> str:
        return " ".join(inline.plain(t).split())
    cells = [("cot", c.row, c.col, c.cols, c.rows, text(c.text)) for row in bang.heading_cells() for c in row]
    cells += [("dong", c.row, c.col, c.cols, c.rows, text(c.text)) for row in bang.body_cells() for c in row]
    return len(bang.cot), tuple(cells)


def differences(a, b) -> list[str]:
    """What differs between the tables of two documents, cell by cell (empty: equal)."""
    ta, tb = tables_of(a), tables_of(b)
    if len(ta) != len(tb):
        return [f"{len(ta)} tables became {len(tb)}"]
    out = []
    for k, (x, y) in enumerate(zip(ta, tb)):
        gx, gy = grid(x), grid(y)
        if gx[0] != gy[0]:
            out.append(f"table {k + 1}: {gx[0]} heading rows became {gy[0]}")
        missing = [c for c in gx[1] if c not in gy[1]]
        extra = [c for c in gy[1] if c not in gx[1]]
        if missing or extra:
            out.append(f"table {k + 1}: {missing[:3]} became {extra[:3]}")
    la = [(p.ten.upper(), p.ngang) for p in a.phu_luc]
    lb = [(p.ten.upper(), p.ngang) for p in b.phu_luc]
    if la != lb:
        out.append(f"appendices {la} became {lb}")
    return out


# ------------------------------------------------------------------ a parent plan assigning rows to 10 units
#: Ten communes; "Mường" and "Mường So" are both units, so a name inside a longer name is a trap.
COMMUNES = ["Mường", "Mường So", "Nậm Xe", "Sì Lở Lầu", "Dào San", "Ma Li Pho", "Hoang Thèn", "Bản Lang",
            "Khổng Lào", "Vàng Ma Chải"]


def assignment_parent(communes: list[str] = COMMUNES) -> tuple[dict, dict, dict[str, set[str]]]:
    """(the parent plan, the units file's data, each unit's tasks as the rows it must get).

    Each commune has a task it leads and one it supports beside its neighbour; one task is for
    "UBND các xã" (every commune); one task names no commune; one supporting cell is merged down
    over two rows."""
    rows, expected = [], {c: set() for c in communes}
    for k, c in enumerate(communes):
        task = f"Nhiệm vụ riêng của xã {c}"
        rows.append([task, "Năm 2024", f"UBND xã {c}", "Phòng Nông nghiệp"])
        expected[c].add(task)
        nxt = communes[(k + 1) % len(communes)]
        task = f"Phối hợp giữa xã {c} và xã {nxt}"
        rows.append([task, "Quý III/2024", "Phòng Tài chính - Kế hoạch", f"UBND xã {c}; UBND xã {nxt}"])
        expected[c].add(task)
        expected[nxt].add(task)
    rows.append(["Tổng hợp báo cáo chung", "Tháng 12/2024", "UBND các xã", "Văn phòng HĐND và UBND huyện"])
    for c in communes:
        expected[c].add("Tổng hợp báo cáo chung")
    rows.append(["Kiểm tra việc thực hiện", "Tháng 11/2024", "Phòng Nội vụ",
                 {"noi_dung": f"UBND xã {communes[2]}", "gop_dong": 2}])
    rows.append(["Bồi dưỡng cán bộ", "Tháng 10/2024", "Phòng Nội vụ"])
    expected[communes[2]] |= {"Kiểm tra việc thực hiện", "Bồi dưỡng cán bộ"}
    rows.append(["Rà soát văn bản của huyện", "Tháng 9/2024", "Phòng Tư pháp", "Văn phòng"])
    parent = copy.deepcopy(HEAD)
    parent["noi_dung"] = [
        {"tieu_de": "Mục đích, yêu cầu", "doan": ["Bảo đảm các nhiệm vụ được thực hiện đúng tiến độ."]},
        {"tieu_de": "Nhiệm vụ và phân công thực hiện", "doan": [
            "Các cơ quan, đơn vị thực hiện theo bảng phân công sau.",
            {"bang": {"so_thu_tu": True, "rong": [1, 7, 2.5, 3, 3.5],
                      "cot": [[{"noi_dung": "TT", "gop_dong": 2}, {"noi_dung": "Nội dung công việc", "gop_dong": 2},
                               {"noi_dung": "Thời gian", "gop_dong": 2}, {"noi_dung": "Đơn vị thực hiện", "gop_cot": 2}],
                              ["Chủ trì", "Phối hợp"]],
                      "dong": rows}}]},
        {"tieu_de": "Tổ chức thực hiện", "doan": ["Phòng Nội vụ theo dõi, đôn đốc việc thực hiện."]},
    ]
    units = {"dia_ban_cha": "huyện Phong Thổ",
             "chung": {"viet_tat": "UBND", "ky": {"tm": "ỦY BAN NHÂN DÂN", "kt": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"}},
             "don_vi": [{"ten": ["ỦY BAN NHÂN DÂN", f"XÃ {c.upper()}"], "dia_danh": c, "dia_ban": f"xã {c}",
                         "ten_goi": f"UBND xã {c}"} for c in communes]}
    return parent, units, expected


def task_names(doc) -> set[str]:
    """The first text cell of every row of every table in a derived plan (the task's name)."""
    out = set()
    for t in tables_of(doc):
        for row in t.dong:
            first = row[0]
            out.add(first.noi_dung if hasattr(first, "noi_dung") else first)
    return out
