"""LibreOffice, Tesseract and poppler found where Windows and macOS installers put them;
paths with Vietnamese letters and spaces work end to end."""
from __future__ import annotations

import shutil

import pytest

import vanban
from vanban import tools

from conftest import DATA


def _exe(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    path.chmod(0o755)
    return path


def test_windows_libreoffice_in_program_files_with_vietnamese_path(tmp_path):
    program_files = tmp_path / "Chương trình có dấu"
    exe = _exe(program_files / "LibreOffice" / "program" / "soffice.exe")
    env = {"PATH": str(tmp_path / "empty"), "ProgramFiles": str(program_files)}
    assert tools.find("soffice", platform="win32", env=env) == str(exe)


def test_windows_tesseract_and_per_user_install(tmp_path):
    local = tmp_path / "Người dùng" / "AppData" / "Local"
    exe = _exe(local / "Programs" / "Tesseract-OCR" / "tesseract.exe")
    env = {"PATH": "", "LOCALAPPDATA": str(local)}
    assert tools.find("tesseract", platform="win32", env=env) == str(exe)


def test_windows_poppler_unzipped_newest_first(tmp_path):
    drive = tmp_path / "C"
    _exe(drive / "poppler-23.01.0" / "Library" / "bin" / "pdftoppm.exe")
    newest = _exe(drive / "poppler-24.08.0" / "Library" / "bin" / "pdftoppm.exe")
    env = {"PATH": "", "SystemDrive": str(drive)}
    assert tools.find("pdftoppm", platform="win32", env=env) == str(newest)


def test_macos_app_bundle_and_homebrew(tmp_path):
    home = tmp_path / "Tài liệu"
    exe = _exe(home / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    env = {"PATH": "", "HOME": str(home)}
    assert tools.find("soffice", platform="darwin", env=env) == str(exe)
    assert "/opt/homebrew/bin/tesseract" in tools.candidates("tesseract", platform="darwin", env=env)


def test_variable_wins_and_nothing_found_says_how_to_install(tmp_path):
    exe = _exe(tmp_path / "my soffice")
    assert tools.find("soffice", platform="linux", env={"PATH": "", "VANBAN_SOFFICE": str(exe)}) == str(exe)
    assert tools.find("soffice", platform="win32", env={"PATH": str(tmp_path / "none")}) is None
    assert "libreoffice.org/download" in tools.install_hint("soffice", platform="win32")
    assert "apt-get install" in tools.install_hint("soffice", platform="linux")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_pdf_of_a_file_in_a_folder_with_vietnamese_letters_and_spaces(tmp_path):
    from vanban.deliver.pdf import convert
    folder = tmp_path / "Văn bản đến – năm 2025"
    folder.mkdir()
    path = folder / "Kế hoạch số 12 (bản cuối).docx"
    vanban.render(vanban.load(DATA / "lai-chau-ldld-244-2024.yaml"), path)
    [outcome] = convert([path])
    assert outcome.status == "ok", outcome.error
    assert path.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
