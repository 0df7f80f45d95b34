"""Citations, follow-up letters and per-unit plans derived from a parent document."""
from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
import yaml
from click.testing import CliRunner

import vanban
from vanban import check
from vanban import derive
from support import docxread
from vanban.model import dump
from vanban.derive import units
from vanban.cli import main
from vanban.model.loader import load_model

from conftest import DATA, SEEDS, SEEDS_DIR

PLAN_002 = DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml"
LDLD = DATA / "bodies" / "lai-chau-ldld.yaml"
UNITS = DATA / "units" / "lai-chau-2023.yaml"
EIGHT = ["Thành phố Lai Châu", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên", "Tân Uyên", "Nậm Nhùn"]


def registered_002():
    """Seed 002 as registered: the number and day that seed 000 cites."""
    return vanban.load(PLAN_002).model_copy(update={"so": 4593, "ngay": vanban.NgayThang(nam=2023, thang=11, ngay=27)})


def parent(loai, so, code_parts, date, ten_goi, subject, dia_danh="Lai Châu"):
    kind_abbr, agency, unit = code_parts
    return vanban.load({
        "loai": loai, "co_quan": {"ten": "X", "viet_tat": agency, "dia_danh": dia_danh, "ten_goi": ten_goi},
        "so": so, "ky_hieu": f"{kind_abbr}-{agency}" if kind_abbr else None, "don_vi_soan_thao": unit,
        "ngay": date, "trich_yeu": subject, "ky": {"chuc_vu": "CHỦ TỊCH"}})


@pytest.mark.parametrize("doc, full, expected, seed", [
    (lambda: registered_002(), False,
     "Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh về triển khai thực hiện Chương trình", "000"),
    (lambda: parent("cong_van", 1568, (None, "UBND", "VX"), "2024-04-26", "UBND tỉnh",
                    "triển khai thực hiện Chương trình hành động số 49-CTr/TU"), True,
     "Công văn số 1568/UBND-VX ngày 26/4/2024 của UBND tỉnh Lai Châu về việc triển khai thực hiện Chương trình hành động số 49-CTr/TU", "001"),
    (lambda: parent("quyet_dinh", 1609, ("QĐ", "TTg", None), "2022-12-26", "Thủ tướng Chính phủ",
                    "Về việc phê duyệt Chương trình"), False,
     "Quyết định số 1609/QĐ-TTg ngày 26/12/2022 của Thủ tướng Chính phủ về việc phê duyệt Chương trình", "002"),
    (lambda: parent("quyet_dinh", 1268, ("QĐ", "TTg", None), "2022-10-19", "Thủ tướng Chính phủ",
                    "Phê duyệt Chương trình"), False,
     "Quyết định số 1268/QĐ-TTg ngày 19/10/2022 của Thủ tướng Chính phủ về phê duyệt Chương trình", "003"),
    (lambda: parent("cong_van", 4276, (None, "UBND", "VX"), "2023-11-07", "UBND tỉnh",
                    "đơn đốc triển khai thực hiện Chương trình"), True,
     "Công văn số 4276/UBND-VX ngày 07/11/2023 của UBND tỉnh Lai Châu về việc đơn đốc triển khai thực hiện Chương trình", "004"),
])
def test_citations_of_every_seeds_parent(doc, full, expected, seed):
    text = derive.cite(doc(), full=full)
    assert text.startswith(expected), text
    seed_text = (SEEDS_DIR / next(f for f in SEEDS.values() if f.startswith(seed))).read_text(encoding="utf-8")
    head = expected.split(" ngày ")[0]
    assert re.sub(r"\s+", " ", head) in re.sub(r"\s+", " ", seed_text).replace("công văn", "Công văn")


def test_citation_of_a_parent_without_a_number():
    text = derive.cite(vanban.load(PLAN_002), with_subject=False)
    assert text == "Kế hoạch số …/KH-UBND ngày …/11/2023 của UBND tỉnh"


def follow_up_of_002():
    body = load_model(LDLD, derive.CoQuanDanXuat)
    return derive.follow_up(registered_002(), body, ["III.1"], today=dt.date(2023, 12, 8))


def test_follow_up_has_the_structure_of_seed_000():
    letter = follow_up_of_002()
    seed_000 = vanban.load(DATA / "lai-chau-ldld-2023-12-08-mam-non.yaml")
    assert letter.loai == seed_000.loai and letter.mau == seed_000.mau and letter.code == seed_000.code == "LĐLĐ"
    assert letter.co_quan == seed_000.co_quan.model_copy(update={"ten_goi": "LĐLĐ tỉnh"})
    assert letter.kinh_gui == seed_000.kinh_gui
    assert letter.can_cu[0].startswith("Căn cứ Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh về ")
    assert letter.can_cu[0].endswith("; Ban Thường vụ Liên đoàn Lao động tỉnh đề nghị Liên đoàn Lao động các huyện, "
                                     "thành phố, Công đoàn Ngành, Công đoàn Viên chức tỉnh triển khai thực hiện một "
                                     "số nội dung sau:")
    assert letter.ket_thuc == seed_000.ket_thuc
    assert len(letter.noi_dung) == 3 and all(isinstance(t, str) for t in letter.noi_dung)
    assert letter.noi_dung[0].startswith("Quán triệt sâu sắc các quan điểm của Đảng")
    assert letter.noi_nhan[:2] == ["Như Kính gửi", "UBND tỉnh (để b/c)"]
    assert letter.luu == seed_000.luu and letter.ky == seed_000.ky
    assert letter.trich_yeu == "triển khai thực hiện Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh"
    assert letter.is_draft and letter.ngay.nam == 2023 and letter.ngay.thang == 12
    assert list(letter.chu_thich) == ["1"], "the footnote cited in III.1 comes along"


def test_follow_up_renders_and_conforms():
    report = check.check_docx(vanban.render_bytes(follow_up_of_002()), "follow-up")
    assert report.ok, check.format_text(report)


def test_follow_up_finds_the_section_naming_the_body():
    lao_cai = vanban.load(DATA / "lao-cai-ubnd-kh-hoc-tap-suot-doi.yaml")
    body = load_model(LDLD, derive.CoQuanDanXuat)
    assert derive.find_sections(lao_cai, ["Liên đoàn Lao động tỉnh"]) == ["IV.1"]
    letter = derive.follow_up(lao_cai, body)
    assert letter.noi_dung[0].startswith("Chủ trì, phối hợp với các sở, ban, ngành")
    assert len(letter.noi_dung) == 3
    with pytest.raises(LookupError):
        derive.follow_up(vanban.load(PLAN_002), body)


def test_cli_follow_up_yaml_round_trip(tmp_path):
    out = tmp_path / "fu.yaml"
    result = CliRunner().invoke(main, ["derive", "follow-up", str(PLAN_002), "--by", str(LDLD), "--tasks", "III.1",
                                       "-o", str(out), "--render"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Follow-up to Kế hoạch số …/KH-UBND")
    again = vanban.load(out)
    assert again.noi_dung == derive.follow_up(vanban.load(PLAN_002), load_model(LDLD, derive.CoQuanDanXuat),
                                              ["III.1"]).noi_dung
    assert out.with_suffix(".docx").exists()
    bad = CliRunner().invoke(main, ["derive", "follow-up", str(PLAN_002), "--by", str(LDLD), "--tasks", "IX.9"])
    assert bad.exit_code == 2 and "no section 'IX.9'" in bad.stderr


def plan_texts(unit_index: int) -> str:
    unit_list = units.load_units(UNITS)
    plan = derive.derive_plan(vanban.load(PLAN_002), unit_list.units[unit_index], parent_area=unit_list.parent_area)
    document = docx.Document(io.BytesIO(vanban.render_bytes(plan)))
    return "\n".join(p.text for p in docxread.paragraphs(document)), plan


@pytest.mark.parametrize("index", range(8))
def test_plan_per_unit_names_its_own_unit_and_no_other(index):
    text, plan = plan_texts(index)
    own = EIGHT[index]
    assert own.upper() in text and f"{own}, ngày" in text
    area = "thành phố Lai Châu" if index == 0 else f"huyện {own}"
    assert f"trên địa bàn {area}" in text
    for other in EIGHT:
        if other != own:
            assert other.lower() not in text.lower(), other
    assert plan.so is None and "Số:      /KH-UBND" in text
    assert "Căn cứ Kế hoạch số …/KH-UBND ngày …/11/2023 của UBND tỉnh Lai Châu" in text
    headings = [n.tieu_de for n in plan.noi_dung]
    assert headings == ["MỤC ĐÍCH, YÊU CẦU", "MỤC TIÊU" if index != 7 else "Mục tiêu", "Nhiệm vụ, giải pháp",
                        "Tổ chức thực hiện"]
    tasks = plan.noi_dung[2].muc
    assert tasks[0].startswith("Tổ chức xây dựng Kế hoạch và chỉ đạo các đơn vị")
    assert tasks[1].startswith("Chủ động bố trí kinh phí theo phân cấp ngân sách")
    assert check.check_docx(vanban.render_bytes(plan), own).ok


def test_unit_goals_override():
    _, plan = plan_texts(7)
    assert plan.noi_dung[1].muc[0].startswith("Đến năm 2025, 100% trẻ em mẫu giáo 5 tuổi")


def test_units_from_csv_and_province(tmp_path):
    csv_file = tmp_path / "u.csv"
    csv_file.write_text("ten,dia_danh,dia_ban,ten_goi,ky_ho_ten\nỦY BAN NHÂN DÂN|XÃ A,A,xã A,UBND xã A,Lò Văn B\n",
                        encoding="utf-8")
    [unit] = units.load_units(csv_file).units
    assert unit.ten == ["ỦY BAN NHÂN DÂN", "XÃ A"] and unit.ky.ho_ten == "Lò Văn B" and unit.ky.kt == "CHỦ TỊCH"
    province = units.load_units("vn:Lai Châu")
    assert province.parent_area == "tỉnh Lai Châu" and len(province.units) == 38
    assert all(u.ten[1] == u.ten[1].upper() and u.dia_ban.split()[0] in ("xã", "phường") for u in province.units)


def test_bad_units_file_names_file_line_field(tmp_path):
    bad = tmp_path / "u.yaml"
    bad.write_text("don_vi:\n  - ten: [UBND, XÃ A]\n    dia_danh: A\n    dia_ban: xã A\n    tengoi: x\n", encoding="utf-8")
    with pytest.raises(vanban.InputError) as info:
        units.load_units(bad)
    p = info.value.problems[0]
    assert (p.file, p.line, p.field) == (str(bad), 5, "don_vi[1].tengoi") and "did you mean 'ten_goi'" in p.message


def test_cli_derive_plan_renders_every_unit(tmp_path):
    result = CliRunner().invoke(main, ["derive", "plan", str(PLAN_002), "--units", str(UNITS), "-o", str(tmp_path),
                                       "--render", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.yaml"))) == 8 and len(list(tmp_path.glob("*.docx"))) == 8
    manifest = yaml.safe_load((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [m["status"] for m in manifest] == ["ok"] * 8


def test_yaml_dump_round_trips_every_seed():
    for name in SEEDS:
        doc = vanban.load(DATA / name)
        assert vanban.load_text(dump.to_yaml(doc)) == doc, name


def test_province_named_with_or_without_its_kind():
    from vanban.derive.units import province_area
    assert province_area("Lai Châu") == province_area("Tỉnh Lai Châu") == "tỉnh Lai Châu"
    assert province_area("Thành phố Hà Nội") == "thành phố Hà Nội"


def test_a_party_parent_is_cited_with_its_hyphen_as_its_appendices_are():
    # One wording of "Kế hoạch số …" for derive's citation and the appendix line: a Party number
    # is joined to its code with a hyphen (HD 36), which derive used to write with a slash.
    from vanban.derive.cite import cite
    from vanban.model.attached import attached_line
    from vanban.model.loader import load_text
    doc = load_text("loai: ke_hoach\nmau: dang\nso: 12\nngay: 2026-03-08\ntrich_yeu: Học tập nghị quyết\n"
                    "co_quan: {chu_quan: ĐẢNG BỘ TỈNH LAI CHÂU, ten: [ĐẢNG ỦY CƠ QUAN], viet_tat: ĐU, "
                    "dia_danh: Lai Châu}\nky: {tm: ĐẢNG ỦY, chuc_vu: BÍ THƯ}\nnoi_dung: [Một.]\n")
    assert cite(doc, full=True, with_subject=False).startswith("Kế hoạch số 12-KH/ĐU ngày 08/3/2026 của ")
    assert attached_line(doc).startswith("(Kèm theo Kế hoạch số 12-KH/ĐU ngày 08/3/2026 của ")
