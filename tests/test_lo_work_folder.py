"""Where LibreOffice's working folders go (vanban.deliver.lo_jail.work_root): one rule for the
warm converter, the one-shot conversion and the batch of soffice calls."""
from __future__ import annotations

import os
import stat

import pytest

from vanban.deliver import lo_jail


@pytest.fixture
def no_choice(monkeypatch):
    monkeypatch.delenv("VANBAN_LO_TMP", raising=False)
    monkeypatch.delenv("TMPDIR", raising=False)


def test_the_folder_named_by_vanban_lo_tmp_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("VANBAN_LO_TMP", str(tmp_path))
    folder = lo_jail.work_folder()
    assert folder.parent == tmp_path and folder.name.startswith("vanban-lo-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700, "no other user may read the documents"


def test_a_temporary_folder_the_user_chose_stands(monkeypatch, tmp_path, no_choice):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(lo_jail.tempfile, "tempdir", str(tmp_path))
    assert lo_jail.work_root() is None
    assert lo_jail.work_folder("vanban-pdf-").parent == tmp_path


@pytest.mark.skipif(not os.path.isdir("/dev/shm"), reason="no /dev/shm on this system")
def test_ram_is_used_only_with_room_to_spare(monkeypatch, no_choice):
    room = os.statvfs("/dev/shm")
    free = room.f_bavail * room.f_frsize
    monkeypatch.setattr(lo_jail, "RAM_FREE_MIN", free + (1 << 30))     # a container's small /dev/shm
    assert lo_jail.work_root() is None
    monkeypatch.setattr(lo_jail, "RAM_FREE_MIN", 0)
    assert lo_jail.work_root() == ("/dev/shm" if os.access("/dev/shm", os.W_OK | os.X_OK) else None)


def test_a_folder_that_cannot_be_made_falls_back_to_the_usual_place(monkeypatch, tmp_path, no_choice):
    monkeypatch.setenv("VANBAN_LO_TMP", str(tmp_path / "gone" / "deeper"))
    monkeypatch.setattr(lo_jail.tempfile, "tempdir", str(tmp_path))
    folder = lo_jail.work_folder()
    assert folder.parent == tmp_path and folder.is_dir()


def test_the_folders_of_a_process_killed_outright_are_removed_at_the_next_start(monkeypatch, tmp_path):
    import subprocess
    import sys
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    monkeypatch.setenv("VANBAN_LO_TMP", str(tmp_path))
    left = tmp_path / f"vanban-lo-{dead}-abc"
    (left / "profile").mkdir(parents=True)
    someone_elses = tmp_path / "vanban-lo-notapid-x"
    someone_elses.mkdir()
    folder = lo_jail.work_folder()
    assert folder.name.startswith(f"vanban-lo-{os.getpid()}-")
    assert not left.exists(), "the dead process's folder is gone"
    assert someone_elses.is_dir() and folder.is_dir(), "a live or unknown one is kept"
    lo_jail.work_folder()
    assert folder.is_dir(), "this process's own folder is never swept"
