"""Batch rendering: parallel, partial failure, manifest, atomic files, and the fast path's fidelity."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile

import docx
import pytest
from click.testing import CliRunner

import vanban
from vanban.deliver import batch
from support import docxread
from vanban.cli import main

from conftest import DATA, ROOT, SEEDS

GOOD = (DATA / "lai-chau-ldld-244-2024.yaml").read_text(encoding="utf-8")
from vanban.rendering import renderer  # noqa: E402


def fifty_with_one_broken(tmp_path):
    files = []
    for i in range(50):
        text = GOOD.replace("so: 244", f"so: {i + 1}")
        if i == 17:
            text = text.replace("ngay: 2024-05-10", "ngay: 2024-02-30")
        path = tmp_path / "in" / f"doc{i:02d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files


def test_one_broken_input_among_fifty(tmp_path):
    files = fifty_with_one_broken(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", *map(str, files), "-o", str(out), "--manifest",
                                       str(tmp_path / "manifest.csv"), "-j", "2"])
    assert result.exit_code == 2
    assert len(list(out.glob("*.docx"))) == 49 and not (out / "doc17.docx").exists()
    assert "doc17.yaml:" in result.stderr and "ngay: 2024-02-30 is not a date\n" in result.stderr
    assert "1 of 50 document(s) not rendered" in result.stderr
    rows = (tmp_path / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "input,output,status,error" and len(rows) >= 51
    assert sum(",ok," in r for r in rows) == 49
    assert not any(f.name.startswith(".") for f in out.iterdir())


def test_library_batch_keeps_input_order_and_reports(tmp_path):
    files = fifty_with_one_broken(tmp_path)
    jobs = [batch.Job(f, str(tmp_path / "o" / f"{f.stem}.docx")) for f in files]
    outcomes = batch.render_batch(iter(jobs), workers=2, progress=False, total=len(jobs))
    assert [o.input for o in outcomes] == [str(f) for f in files]
    assert [o.status for o in outcomes].count("error") == 1 and outcomes[17].status == "error"
    batch.write_manifest(outcomes, tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data[17]["error"].startswith(str(files[17]))


def test_progress_is_quiet_when_not_a_terminal(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0 and result.stderr == ""


def test_sigkill_leaves_only_complete_files(tmp_path):
    out = tmp_path / "out"
    script = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(ROOT)!r})
        import vanban
        from vanban.deliver import batch
        doc = vanban.load({str(DATA / 'lai-chau-ubnd-kh-mam-non-2023.yaml')!r})
        jobs = (batch.Job(doc, {str(out)!r} + f"/{{i}}.docx") for i in range(100000))
        batch.render_batch(jobs, workers=2, progress=False, total=100000)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        # Wait for the observable state (30 files written), however loaded the machine is.
        deadline = time.time() + 180
        while time.time() < deadline and len(list(out.glob("*.docx"))) < 30:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    files = list(out.iterdir())
    assert len(files) >= 30
    for f in files:
        assert f.suffix == ".docx" and not f.name.startswith("."), f"leftover {f.name}"
        with zipfile.ZipFile(f) as z:
            assert z.testzip() is None
        docx.Document(str(f))


def test_a_template_is_read_once_until_it_changes(tmp_path):
    doc = vanban.load(DATA / "lai-chau-ldld-244-2024.yaml")
    template = tmp_path / "mine.docx"
    template.write_bytes(renderer.template_source(doc).read_bytes())
    stamp = template.stat().st_mtime_ns
    first = vanban.render_bytes(doc, template=template)
    # Same file, same time stamp, unreadable content: the compiled copy is used, not the file.
    template.write_bytes(b"not a docx")
    os.utime(template, ns=(stamp, stamp))
    assert _snapshot(vanban.render_bytes(doc, template=template)) == _snapshot(first)
    # An edited template (new time stamp) is read again.
    os.utime(template, ns=(stamp + 10**9, stamp + 10**9))
    with pytest.raises(Exception):
        vanban.render_bytes(doc, template=template)


def _snapshot(data: bytes):
    d = docx.Document(io.BytesIO(data))
    paras = [(p.text, p.style.name, docxread.para_format(p, d),
              [docxread.run_format(r, p, d) for r in p.runs]) for p in docxread.paragraphs(d)]
    sec = d.sections[0]
    return paras, docxread.footnotes(d), docxread.footnote_reference_count(d), sec.header.paragraphs[0]._p.xml, \
        (sec.page_width, sec.left_margin, sec.different_first_page_header_footer), d.core_properties.title


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_fast_path_matches_docxtpl(name):
    doc = vanban.load(DATA / name)
    source = renderer.template_source(doc)
    assert _snapshot(vanban.render_bytes(doc)) == _snapshot(renderer.render_bytes_docxtpl(doc, source))


def test_a_replacement_cut_short_leaves_no_hidden_copy_behind(tmp_path):
    from vanban.deliver.files import write_atomic
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    (tmp_path / f".a.docx.{dead}.part").write_bytes(b"half")      # a writer killed mid-replacement
    (tmp_path / f".a.docx.{os.getpid()}x.part").write_bytes(b"x")  # not ours to judge: kept
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.docx", f".a.docx.{os.getpid()}x.part"])
    fresh = tmp_path / "b.docx"
    write_atomic(fresh, b"b")
    assert fresh.read_bytes() == b"b" and not list(tmp_path.glob(".b.docx*"))


def test_threads_of_one_process_replace_one_file_without_tripping_on_each_other(tmp_path):
    # The web's requests and the register's concurrent issues are threads of one process: their
    # hidden copies once shared a name (the process id) and the second writer failed with EEXIST.
    import threading
    from vanban.deliver.files import write_atomic
    target = tmp_path / "cv.yaml"
    target.write_bytes(b"old")
    barrier, errors = threading.Barrier(8), []

    def one(k: int):
        barrier.wait()
        try:
            for _ in range(20):
                write_atomic(target, f"writer {k}".encode(), durable=False)
        except OSError as exc:
            errors.append(exc)
    threads = [threading.Thread(target=one, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and target.read_bytes().startswith(b"writer ")
    assert [p.name for p in tmp_path.iterdir()] == ["cv.yaml"]
