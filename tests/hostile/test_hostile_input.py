"""Every hostile or careless input of :mod:`hostile_cases`, run as a clerk runs vanban: in a child
process with a memory ceiling and a clock. Each must end with its exit status, messages of the
shape ``FILE[:LINE]: field: message`` (never a traceback or a bare exception name), the files it
promises and no others, within its time and memory."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_cases import CASES, Case
from hostile_run import leftovers, run


def lay_down(case: Case, folder: Path) -> None:
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(folder)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path):
    lay_down(case, tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    result = run(case.args, tmp_path, mem_mb=case.mem_mb, timeout=case.seconds * 2)
    report = f"exit {result.code}, {result.seconds:.1f} s, {result.peak_mb:.0f} MB\n{result.err}\n{result.out}"
    assert not result.timed_out, report
    assert result.code == case.code, report
    assert result.seconds < case.seconds, report
    assert result.peak_mb < case.peak_mb, report
    assert not result.bad_lines(), report
    assert case.says.lower() in (result.err + result.out).lower(), report
    for name in case.exists:
        assert (tmp_path / name).is_file(), f"{name} missing\n{report}"
    for name in case.absent:
        assert not (tmp_path / name).exists(), f"{name} written\n{report}"
    if case.count[0]:
        found = sorted(p.name for p in tmp_path.glob(case.count[0]))
        assert len(found) == case.count[1], f"{found}\n{report}"
    assert not leftovers(tmp_path), report
    # An input is never changed, whatever the command was asked to do.
    for path, mtime in before.items():
        assert path.exists() and path.stat().st_mtime_ns == mtime, f"{path} changed\n{report}"
