"""Finding LibreOffice, Tesseract and poppler where their installers put them.

Most offices run Windows, where the installers do not put these programs on
PATH: LibreOffice goes to ``C:\\Program Files\\LibreOffice\\program``, Tesseract
to ``C:\\Program Files\\Tesseract-OCR``, poppler wherever it was unzipped. On
macOS LibreOffice lives inside its app bundle and Homebrew's programs under
``/opt/homebrew/bin``. A tool is looked for, in order: the ``VANBAN_<TOOL>``
variable (a full path), PATH, then those places. Paths with Vietnamese
letters and spaces are fine: they are only ever passed as list arguments.
This module sits at the bottom of the layers so that reading (OCR), delivery
(PDF) and the web preview all find the programs the same way.
"""
from __future__ import annotations

import glob
import os
import shutil
import sys
from pathlib import Path
from typing import Mapping, Optional

from vanban.i18n import _

#: Tool → the program names to look for (without .exe).
NAMES = {"soffice": ("soffice", "libreoffice"), "tesseract": ("tesseract",), "pdftoppm": ("pdftoppm",),
         "pdfinfo": ("pdfinfo",), "pdftotext": ("pdftotext",)}


def _windows_places(tool: str, env: Mapping[str, str]) -> list[str]:
    roots = [env.get(k) for k in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")] + \
            [os.path.join(env["LOCALAPPDATA"], "Programs") if env.get("LOCALAPPDATA") else None]
    roots = [r for r in roots if r]
    if tool == "soffice":
        return [os.path.join(r, name, "program", "soffice.exe") for r in roots
                for name in ("LibreOffice", "LibreOffice 7", "LibreOffice 24", "LibreOffice 25")]
    if tool == "tesseract":
        return [os.path.join(r, "Tesseract-OCR", "tesseract.exe") for r in roots]
    # poppler for Windows is a zip unpacked anywhere; these are the usual places and package managers.
    exe = f"{tool}.exe"
    places = [os.path.join(r, pattern, exe) for r in roots for pattern in ("poppler*/Library/bin", "poppler*/bin")]
    places += [os.path.join(env.get("SystemDrive", "C:") + os.sep, pattern, exe)
               for pattern in ("poppler*/Library/bin", "poppler*/bin")]
    if env.get("ChocolateyInstall"):
        places.append(os.path.join(env["ChocolateyInstall"], "bin", exe))
    if env.get("USERPROFILE"):
        places.append(os.path.join(env["USERPROFILE"], "scoop", "shims", exe))
    return places


def _mac_places(tool: str, env: Mapping[str, str]) -> list[str]:
    home = env.get("HOME", "")
    if tool == "soffice":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                os.path.join(home, "Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return [f"/opt/homebrew/bin/{tool}", f"/usr/local/bin/{tool}", f"/opt/local/bin/{tool}"]


def _linux_places(tool: str, env: Mapping[str, str]) -> list[str]:
    if tool == "soffice":
        # The Document Foundation's own packages install under /opt, off PATH.
        return ["/opt/libreoffice*/program/soffice"]
    return [f"/usr/local/bin/{tool}"]


def candidates(tool: str, platform: str = sys.platform, env: Optional[Mapping[str, str]] = None) -> list[str]:
    """Where ``tool`` is looked for outside PATH on ``platform`` (globs allowed)."""
    env = os.environ if env is None else env
    if platform.startswith("win"):
        return _windows_places(tool, env)
    if platform == "darwin":
        return _mac_places(tool, env)
    return _linux_places(tool, env)


def find(tool: str, platform: str = sys.platform, env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The full path of ``tool`` (``soffice``, ``tesseract``, ``pdftoppm`` …), or None."""
    env = os.environ if env is None else env
    given = env.get(f"VANBAN_{tool.upper()}")
    if given and Path(given).is_file():
        return given
    for name in NAMES.get(tool, (tool,)):
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return found
    for pattern in candidates(tool, platform, env):
        for path in sorted(glob.glob(pattern), reverse=True) if any(c in pattern for c in "*?[") else [pattern]:
            if Path(path).is_file():
                return path
    return None


def install_hint(tool: str, platform: str = sys.platform) -> str:
    """How to install ``tool`` on this kind of machine."""
    if tool == "soffice":
        if platform.startswith("win") or platform == "darwin":
            return _("LibreOffice is needed for PDF output: download it from https://www.libreoffice.org/download/ "
                     "and install it, then run the command again (or set VANBAN_SOFFICE to the full path of soffice)")
        return _("LibreOffice is needed for PDF output. On Debian or Ubuntu: "
                 "apt-get install libreoffice-writer-nogui fonts-liberation2")
    if tool == "tesseract":
        if platform.startswith("win"):
            return _("Tesseract is needed to read scanned documents: install it from "
                     "https://github.com/UB-Mannheim/tesseract/wiki with the Vietnamese language data")
        return _("Tesseract is needed to read scanned documents. On Debian or Ubuntu: "
                 "apt-get install tesseract-ocr tesseract-ocr-vie; on macOS: brew install tesseract tesseract-lang")
    if platform.startswith("win"):
        return _("{tool} (poppler) is needed for previews: unzip poppler for Windows into C:\\Program Files "
                 "or set VANBAN_{upper} to the full path of {tool}.exe").format(tool=tool, upper=tool.upper())
    return _("{tool} is needed for previews. On Debian or Ubuntu: apt-get install poppler-utils; "
             "on macOS: brew install poppler").format(tool=tool)


def lazy_names(package: str, where: Mapping[str, str]):
    """A package's module ``__getattr__`` (PEP 562) that imports each public name from its module
    (``where``: name → module of the package) on first use, so that importing the package, or a
    light module of it, does not load what its heavy modules need. Anything else is an
    :class:`AttributeError` (so ``from package import submodule`` still imports the submodule)."""
    import importlib

    def __getattr__(name: str):
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value
    return __getattr__


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a process of another user counts as running): the test
    that tells a dead writer's leftovers (``.part`` files, OCR page folders) from a live one's."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:         # PermissionError: it runs, as somebody else
        return True
    return True


def remove_stale(folder: Path, prefix: str) -> list[Path]:
    """Remove the folders ``PREFIX<pid>-…`` in ``folder`` whose process is gone (killed outright before
    it could clean up: OCR's page images, LibreOffice's working folders, which may sit in RAM); the removed."""
    gone = []
    try:
        entries = list(folder.glob(prefix + "*-*"))
    except OSError:
        return gone
    for path in entries:
        pid = path.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path)
    return gone


__all__ = ["find", "candidates", "install_hint", "NAMES", "lazy_names", "alive", "remove_stale"]
