"""The converter service against a real LibreOffice: started once, reused, shared, stopped,
replaced after a kill -9, and reachable by this user only."""
from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest

import vanban
from conftest import DATA, ROOT
from service_support import gone, libreoffice_of, runtime, service, text_of, vi, wait_for  # noqa: F401

LETTER = DATA / "lai-chau-ldld-244-2024.yaml"


@pytest.fixture(scope="module")
def letter_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("svc") / "thu.docx"
    vanban.render(vanban.load(LETTER), path)
    return path


def vanban_cmd(*args, cwd, env=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=180)


def test_first_command_starts_it_the_next_reuses_it_and_the_socket_is_ours_only(runtime, tmp_path, letter_docx):
    assert service.status() is None
    first = service.connect()
    assert first is not None
    pid = first.info["pid"]
    folder = runtime
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(folder / "converter.sock").st_mode) == 0o600
    assert os.stat(folder / "converter.sock").st_uid == os.getuid()
    out = first.to_pdf(letter_docx, tmp_path / "a.pdf")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text_of(out)
    again = service.connect()
    assert again.info["pid"] == pid and again.info["documents"] == 1, "the same service, with its work counted"


def test_a_folder_others_may_enter_is_refused(tmp_path, monkeypatch):
    run = tmp_path / "run"
    (run / "vanban").mkdir(parents=True)
    os.chmod(run / "vanban", 0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    with pytest.raises(service.PdfError, match="converter"):
        service.runtime_dir()
    assert service.connect() is None, "no service in a folder others may open: the command converts alone"


def test_stop_ends_it_and_its_libreoffice(runtime, letter_docx, tmp_path):
    client = service.connect()
    client.to_pdf(letter_docx, tmp_path / "a.pdf")
    info = service.status()
    assert info["libreoffice"], "a LibreOffice runs in the service"
    assert service.stop() is True
    assert wait_for(lambda: gone(info["pid"])) and wait_for(lambda: not libreoffice_of(info["libreoffice"]))
    assert not (runtime / "converter.sock").exists()
    assert service.status() is None and service.stop() is False


def test_it_stops_after_the_idle_time_and_leaves_no_libreoffice(runtime, letter_docx, tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_CONVERTER_IDLE", "3")
    client = service.connect()
    client.to_pdf(letter_docx, tmp_path / "a.pdf")
    info = service.status()
    assert info["idle"] == 3
    done = time.monotonic()
    assert wait_for(lambda: gone(info["pid"]), 20), "stopped after its idle time"
    assert time.monotonic() - done >= 2.5, "not before its idle time"
    assert wait_for(lambda: not libreoffice_of(info["libreoffice"]), 10)


def test_idle_zero_is_no_service(runtime, monkeypatch, tmp_path):
    monkeypatch.setenv("VANBAN_CONVERTER_IDLE", "0")
    assert service.connect() is None
    monkeypatch.setenv("VANBAN_CONVERTER_IDLE", "600")
    assert service.status() is None, "nothing was started"


def test_a_killed_service_is_replaced_by_the_next_command(runtime, letter_docx, tmp_path):
    client = service.connect()
    client.to_pdf(letter_docx, tmp_path / "a.pdf")
    info = service.status()
    os.kill(info["pid"], signal.SIGKILL)
    assert wait_for(lambda: gone(info["pid"]))
    assert (runtime / "converter.sock").exists(), "a stale socket is left behind"
    assert wait_for(lambda: not libreoffice_of(info["libreoffice"])), "its LibreOffice followed it"
    run = vanban_cmd("pdf", str(letter_docx), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    new = service.status()
    assert new and new["pid"] != info["pid"] and new["documents"] == 1


def test_a_service_killed_under_a_request_is_replaced_and_the_document_converted(runtime, letter_docx, tmp_path):
    client = service.connect()
    client.to_pdf(letter_docx, tmp_path / "warm.pdf")
    old = client.info["pid"]
    os.kill(old, signal.SIGKILL)        # between two documents of one command
    assert wait_for(lambda: gone(old))
    assert client.to_pdf(letter_docx, tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"
    assert service.status()["pid"] != old


def test_two_commands_at_once_share_one_service(runtime, letter_docx, tmp_path):
    copies = []
    for k in range(2):
        folder = tmp_path / f"c{k}"
        folder.mkdir()
        copies.append(folder / "thu.docx")
        copies[-1].write_bytes(letter_docx.read_bytes())
    runs: list = [None, None]

    def go(k):
        runs[k] = vanban_cmd("pdf", str(copies[k]), cwd=tmp_path)

    threads = [threading.Thread(target=go, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    for c in copies:
        assert "Hoàng Văn Trinh" in text_of(c.with_suffix(".pdf"))
    info = service.status()
    assert info["documents"] == 2, "both went to the one service"
    out = subprocess.run(["pgrep", "-f", "vanban.deliver.service_daemon " + str(runtime)], capture_output=True,
                         text=True).stdout.split()
    assert out == [str(info["pid"])], "one service, not two"


def test_an_upgraded_libreoffice_stops_the_old_service(runtime, letter_docx, tmp_path, monkeypatch):
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f"#!/bin/sh\nexec {os.path.realpath(shutil.which('soffice'))} \"$@\"\n")
    wrapper.chmod(0o755)
    monkeypatch.setenv("VANBAN_SOFFICE", str(wrapper))
    client = service.connect()
    client.to_pdf(letter_docx, tmp_path / "a.pdf")
    old = service.status()
    os.utime(wrapper, (time.time() + 100, time.time() + 100))     # "upgraded"
    assert wait_for(lambda: gone(old["pid"]), 20), "the service saw its LibreOffice change and stopped"
    assert service.connect().info["pid"] != old["pid"]


def test_a_file_over_the_size_limit_is_refused_in_vietnamese(runtime, tmp_path, monkeypatch, vi):
    monkeypatch.setattr(service, "MAX_BYTES", 10)
    big = tmp_path / "big.docx"
    big.write_bytes(b"x" * 11)
    client = service.connect()
    with pytest.raises(service.PdfError, match="lớn hơn"):
        client.to_pdf(big, tmp_path / "big.pdf")
    [result] = client.convert_many([(big, tmp_path / "big.pdf")])
    assert isinstance(result, service.PdfError) and not (tmp_path / "big.pdf").exists()
