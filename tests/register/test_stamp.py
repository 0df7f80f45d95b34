"""Writing the number and date back into the user's YAML: only those two values change."""
from __future__ import annotations

import datetime
import difflib
from pathlib import Path

import pytest

from ruamel.yaml import YAML

from vanban.register.stamp import stamp, stamp_round_trip

from .drafts import DRAFT

DAY = datetime.date(2024, 1, 8)
DATA = Path(__file__).resolve().parents[2] / "data"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]


def test_only_the_date_line_changes_and_so_is_added_before_it():
    text = DRAFT.format(subject="triển khai")
    out = stamp(text, 7, DAY)
    assert sorted(changed_lines(text, out)) == [
        "+ ngay: 2024-01-08            # the clerk fills in the day",
        "+ so: 7",
        "- ngay: 2024-05               # the clerk fills in the day",
    ]
    assert "so: 7\nngay: 2024-01-08 " in out


def test_an_existing_number_is_replaced_in_place_with_its_comment():
    text = "loai: cong_van  # kind\nso: 12   # old number\nngay: '2024-03'\nky: {chuc_vu: A}\n"
    out = stamp(text, 3, DAY)
    assert out == "loai: cong_van  # kind\nso: 3    # old number\nngay: 2024-01-08\nky: {chuc_vu: A}\n"


def test_without_so_or_ngay_both_go_after_the_agency_block():
    text = "loai: cong_van\nco_quan:\n  ten: X\n  viet_tat: X\n# the subject\ntrich_yeu: a\n"
    out = stamp(text, 12, DAY)
    assert out == "loai: cong_van\nco_quan:\n  ten: X\n  viet_tat: X\nso: 12\nngay: 2024-01-08\n# the subject\ntrich_yeu: a\n"


def test_a_date_written_as_a_mapping_goes_through_the_round_trip_dump_keeping_comments():
    text = "# head comment\nloai: cong_van\nngay:\n  nam: 2024   # year\n  thang: 1\nso:\ntrich_yeu: a  # subject\n"
    out = stamp(text, 5, DAY)
    assert out == stamp_round_trip(text, 5, DAY)
    data = YAML(typ="safe").load(out)
    assert data["so"] == 5 and str(data["ngay"]) == "2024-01-08"
    assert out.startswith("# head comment\n") and "trich_yeu: a  # subject" in out
    assert list(data) == ["loai", "ngay", "so", "trich_yeu"]


def test_crlf_files_keep_their_line_ends():
    text = "loai: cong_van\r\nngay: 2024-01\r\ntrich_yeu: a\r\n"
    assert stamp(text, 1, DAY) == "loai: cong_van\r\nso: 1\r\nngay: 2024-01-08\r\ntrich_yeu: a\r\n"


def test_flow_mapping_and_continued_values_go_through_the_round_trip():
    for text in ("{loai: cong_van, so: 3, ngay: 2024-01}\n", "loai: cong_van\nngay:\n  2024-01\n"):
        data = YAML(typ="safe").load(stamp(text, 9, DAY))
        assert data["so"] == 9 and str(data["ngay"]) == "2024-01-08"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_the_reference_documents_change_only_on_their_number_and_date_lines(name):
    text = (DATA / name).read_text(encoding="utf-8")
    out = stamp(text, 321, DAY)
    changed = changed_lines(text, out)
    added = sorted(line.split("#")[0].strip() for line in changed if line.startswith("+ "))
    assert added == ["+ ngay: 2024-01-08", "+ so: 321"]
    assert {line.split(":")[0] for line in changed if line.startswith("- ")} <= {"- so", "- ngay"}
    assert len(out.splitlines()) - len(text.splitlines()) == 2 - len([c for c in changed if c.startswith("- ")])
