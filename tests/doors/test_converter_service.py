"""One guarantee, every door: a conversion goes to the user's one converter service (started by
the first that needs it, reused by the next), whether it comes from the command line, the library
or the web editor; and the service is shown and stopped from the command line."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

import vanban
from conftest import DATA, ROOT
from service_support import runtime, service, text_of, vi, web_pdf_download  # noqa: F401

LETTER = DATA / "lai-chau-ldld-244-2024.yaml"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True, cwd=cwd,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=180)


def documents() -> int:
    return (service.status() or {}).get("documents", 0)


@pytest.fixture
def odt(tmp_path, runtime):
    """The letter as an .odt, made by the service itself (and so the service is running)."""
    docx = tmp_path / "src" / "thu.docx"
    vanban.render(vanban.load(LETTER), docx)
    out = tmp_path / "thu.odt"
    service.connect().export(docx, out, "odt:writer8")
    return out


def test_cli_render_pdf_starts_the_service_and_the_next_command_reuses_it(runtime, tmp_path):
    first = run("render", str(LETTER), "--pdf", "-o", "a.docx", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    pid = service.status()["pid"]
    second = run("render", str(LETTER), "--pdf", "-o", "b.docx", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert service.status()["pid"] == pid and documents() == 2
    assert "Hoàng Văn Trinh" in text_of(tmp_path / "b.pdf")


def test_cli_pdf_and_preview_use_the_running_service(runtime, tmp_path):
    docx = tmp_path / "thu.docx"
    vanban.render(vanban.load(LETTER), docx)
    service.connect()
    done = run("pdf", "thu.docx", cwd=tmp_path)
    # The PDF named as the clerk named the .docx, as without the service (it printed the absolute path).
    assert done.returncode == 0 and done.stdout.strip() == "thu.docx -> thu.pdf", done.stdout
    shown = run("preview", str(LETTER), "-o", "p.png", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert (tmp_path / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert documents() == 2


def test_cli_import_of_an_odt_goes_through_the_service(odt, tmp_path):
    before = documents()
    done = run("import", str(odt), "-o", "thu.yaml", cwd=tmp_path)
    assert done.returncode in (0, 3), done.stderr
    assert "LĐLĐ" in (tmp_path / "thu.yaml").read_text(encoding="utf-8")
    assert documents() == before + 1


def test_library_pdf_convert_and_office_import_use_the_service(odt, tmp_path):
    from vanban.deliver import documents as library
    from vanban.deliver.pdf import convert
    before = documents()
    docx = tmp_path / "lib.docx"
    vanban.render(vanban.load(LETTER), docx)
    [outcome] = convert([docx])
    assert outcome.status == "ok" and "Hoàng Văn Trinh" in text_of(outcome.output)
    imported = library.import_any(odt)
    assert imported.doc.so is not None or imported.doc.co_quan is not None
    assert documents() == before + 2


def test_web_pdf_download_uses_the_service(runtime, tmp_path):
    got = web_pdf_download(tmp_path, LETTER)
    assert got.status_code == 200 and got.data[:5] == b"%PDF-"
    assert documents() == 1, "the preview went to the user's service"
    assert service.status() is not None, "closing the editor leaves the service to its idle time"


def test_cli_converter_status_and_stop(runtime, vi):
    from vanban.cli import main
    off = CliRunner().invoke(main, ["converter", "status"])
    assert off.exit_code == 1 and "dịch vụ chuyển đổi không chạy" in off.output
    pid = service.connect().info["pid"]
    on = CliRunner().invoke(main, ["converter", "status"])
    assert on.exit_code == 0 and f"tiến trình {pid}" in on.output and "converter.sock" in on.output
    stopped = CliRunner().invoke(main, ["converter", "stop"])
    assert stopped.exit_code == 0 and "đã dừng dịch vụ chuyển đổi" in stopped.output
    assert service.status() is None
    assert "không chạy" in CliRunner().invoke(main, ["converter", "stop"]).output
