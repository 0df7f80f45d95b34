"""Bad input: a clear message with file, line and field; exit code 2; no output file."""
from __future__ import annotations

import textwrap

import pytest
import yaml
from click.testing import CliRunner

import vanban
from vanban.cli import main

from conftest import DATA, minimal

GOOD = (DATA / "lai-chau-ldld-244-2024.yaml").read_text(encoding="utf-8")


def write(tmp_path, text, name="doc.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def problems_of(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(vanban.InputError) as info:
        vanban.load(path)
    return path, info.value.problems


def test_malformed_yaml_names_file_and_line(tmp_path):
    path, problems = problems_of(tmp_path, "loai: cong_van\nco_quan: [a, b\nso: 3\n")
    assert problems[0].file == str(path)
    assert problems[0].line in (2, 3)
    assert "not valid YAML" in problems[0].message


def test_colon_in_value_gets_a_quoting_hint(tmp_path):
    _, problems = problems_of(tmp_path, "loai: cong_van\ntrich_yeu: V/v: việc A: B\n")
    assert "quotes" in problems[0].message and problems[0].line == 2


def test_unknown_key_with_did_you_mean(tmp_path):
    text = GOOD.replace("ho_ten: Hoàng Văn Trinh", "hoten: Hoàng Văn Trinh")
    line = text.splitlines().index("  hoten: Hoàng Văn Trinh") + 1
    _, problems = problems_of(tmp_path, text)
    assert [(p.line, p.field) for p in problems] == [(line, "ky.hoten")]
    assert "did you mean 'ho_ten'" in problems[0].message


def test_unknown_key_in_a_body_section(tmp_path):
    data = minimal(noi_dung=[{"tieu_de": "Mục đích", "doann": ["x"]}])
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _, problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].field == "noi_dung[1].doann" and "did you mean 'doan'" in problems[0].message


def test_wrong_type(tmp_path):
    text = GOOD.replace("so: 244", "so: hai trăm")
    _, problems = problems_of(tmp_path, text)
    assert problems[0].field == "so" and problems[0].line == text.splitlines().index("so: hai trăm") + 1


def test_missing_required_field(tmp_path):
    text = GOOD.replace("  chuc_vu: PHÓ CHỦ TỊCH\n", "")
    _, problems = problems_of(tmp_path, text)
    assert [(p.field, p.message) for p in problems] == [("ky.chuc_vu", "required but missing")]
    assert problems[0].line == text.splitlines().index("ky:") + 1


@pytest.mark.parametrize("bad", ["2023-02-30", "2023-13-01", "31/02/2026"])
def test_impossible_dates(tmp_path, bad):
    text = GOOD.replace("ngay: 2024-05-10", f"ngay: {bad}")
    _, problems = problems_of(tmp_path, text)
    assert problems[0].field == "ngay" and problems[0].line == text.splitlines().index(f"ngay: {bad}") + 1


def test_duplicate_key(tmp_path):
    _, problems = problems_of(tmp_path, GOOD.replace("so: 244\n", "so: 244\nso: 245\n"))
    assert "given twice" in problems[0].message


def test_footnote_cited_but_missing(tmp_path):
    data = minimal(noi_dung=["Theo quy định[^1]."])
    with pytest.raises(vanban.InputError) as info:
        vanban.load(data)
    assert "[^1]" in str(info.value)


def test_cli_bad_input_exit_2_stderr_and_no_file(tmp_path):
    bad = write(tmp_path, GOOD.replace("ngay: 2024-05-10", "ngay: 2024-02-30"), "bad.yaml")
    out = tmp_path / "out" / "bad.docx"
    result = run_cli("render", bad, "-o", out)
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "ngay" in result.stderr
    assert not out.exists() and not list(tmp_path.rglob("*.docx")) and not list(tmp_path.rglob("*.part"))


def test_cli_validate(tmp_path):
    good = write(tmp_path, GOOD, "good.yaml")
    assert run_cli("validate", good).exit_code == 0
    bad = write(tmp_path, GOOD.replace("loai: cong_van", "loai: cong_vann"), "bad.yaml")
    result = run_cli("validate", good, bad)
    assert result.exit_code == 2 and "loai" in result.stderr


def test_cli_render_writes_docx(tmp_path):
    good = write(tmp_path, GOOD, "good.yaml")
    out = tmp_path / "x.docx"
    result = run_cli("render", good, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_cli_many_files_into_folder(tmp_path):
    a = write(tmp_path, GOOD, "a.yaml")
    b = write(tmp_path, GOOD.replace("so: 244", "so: 245"), "b.yaml")
    result = run_cli("render", a, b, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx", "b.docx"]


def test_a_footnote_citing_a_footnote_is_refused_at_its_line(tmp_path):
    from conftest import minimal
    import yaml as _yaml
    data = minimal(noi_dung=["Nội dung[^1]."], chu_thich={"1": "Chú thích có [^2] bên trong"})
    path = tmp_path / "fn.yaml"
    path.write_text(_yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(vanban.InputError) as err:
        vanban.load(path)
    [problem] = err.value.problems
    assert problem.field.startswith("chu_thich") and "footnote '1'" in problem.message and problem.line
