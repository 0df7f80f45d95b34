"""`vanban check`: every vanban document conforms; each deliberate fault is caught by its own rule."""
from __future__ import annotations

import io
import json

import pytest
import yaml
from click.testing import CliRunner

import vanban
from vanban import check
from vanban.cli import main
from vanban.model import InputError
from vanban.model.schema import Loai, Mau

from support import human_docs
from conftest import CELLS, DATA, SEEDS, minimal


def docx_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seeds_conform_as_docx_and_yaml(name):
    report = check.check_docx(vanban.render_bytes(vanban.load(DATA / name)), name)
    assert report.ok, check.format_text(report)
    assert sum(r.status == check.PASS for r in report.results) >= 24
    assert check.check_yaml(DATA / name).ok


@pytest.mark.parametrize("kind,profile", CELLS)
def test_every_kind_and_profile_conforms(kind, profile):
    body = [{"tieu_de": "Mục tiêu", "muc": [{"tieu_de": "Chung", "muc": ["a", "b", "c", "d", "e", "f"]}]}, "Kết luận."]
    data = minimal(loai=kind.value, mau=profile.value, noi_dung=body, trich_yeu="Về việc thử")
    report = check.check_docx(vanban.render_bytes(vanban.load(data)), kind.value)
    assert report.ok, check.format_text(report)


@pytest.mark.parametrize("variant", ["letter", "plan", "memo"])
def test_documents_formatted_by_hand_conform(variant):
    document, _ = human_docs.build(variant)
    report = check.check_docx(docx_bytes(document), variant)
    assert report.ok, check.format_text(report)
    assert not any(r.status == check.NA for r in report.results if r.rule.startswith(("quoc_hieu", "tieu_ngu",
                                                                                       "co_quan", "noi_nhan")))


@pytest.mark.parametrize("fault", sorted(human_docs.FAULTS))
def test_each_fault_caught_by_exactly_its_rule(fault):
    rule_id = human_docs.FAULTS[fault][0]
    report = check.check_docx(docx_bytes(human_docs.broken(fault)), fault)
    assert report.failed() == [rule_id], check.format_text(report)
    failing = next(r for r in report.results if r.rule == rule_id)
    assert failing.where and failing.expected and failing.found


def _yaml_file(tmp_path, data):
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_yaml_wrong_code_is_located_by_line(tmp_path):
    path = _yaml_file(tmp_path, minimal(loai="ke_hoach", ky_hieu="QĐ-UBND", kinh_gui=None))
    report = check.check_yaml(path)
    assert report.failed() == ["ky_hieu.abbreviation"]
    line = path.read_text(encoding="utf-8").splitlines().index("ky_hieu: QĐ-UBND") + 1
    assert f"line {line}" in next(str(r.where) for r in report.results if r.status == check.FAIL)


def test_yaml_kt_needs_a_deputy(tmp_path):
    data = minimal()
    data["ky"] = {"kt": "GIÁM ĐỐC", "chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"}
    # A contradictory signature is an input error of the model itself (issue 12), not only a finding.
    with pytest.raises(InputError) as info:
        check.check_yaml(_yaml_file(tmp_path, data))
    [problem] = info.value.problems
    assert problem.field == "ky" and "PHÓ GIÁM ĐỐC" in problem.message


def test_yaml_luu_without_vt(tmp_path):
    report = check.check_yaml(_yaml_file(tmp_path, minimal(luu=["GDTrH"])))
    assert report.failed() == ["noi_nhan.entries"]


def test_cli_exit_codes_and_json(tmp_path):
    good = tmp_path / "good.docx"
    good.write_bytes(docx_bytes(human_docs.build("letter")[0]))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(docx_bytes(human_docs.broken("date_ngay_8")))
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(good)]).exit_code == 0
    result = runner.invoke(main, ["check", str(good), str(bad), "--format", "json"])
    assert result.exit_code == 1
    reports = json.loads(result.stdout)
    assert [r["ok"] for r in reports] == [True, False]
    failing = [x for x in reports[1]["results"] if x["status"] == "fail"]
    assert [x["rule"] for x in failing] == ["ngay.leading_zero"] and failing[0]["found"] == "ngày 8"
    text = runner.invoke(main, ["check", str(bad)]).stdout
    assert "FAIL  ngay.leading_zero" in text and "expected ngày 08" in text
    notdocx = tmp_path / "x.docx"
    notdocx.write_text("hello")
    assert runner.invoke(main, ["check", str(notdocx)]).exit_code == 2
    assert runner.invoke(main, ["check", str(tmp_path / "missing.yaml")]).exit_code == 2
