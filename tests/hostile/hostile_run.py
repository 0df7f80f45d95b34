"""Run ``vanban`` in a child process with a memory ceiling and a clock, the way a clerk would,
and look at what it leaves: exit status, each stderr line's shape, files, peak memory, time."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import atexit, os, resource, sys
def _peak():
    # VmHWM is this program's own peak; ru_maxrss would also count the test session's pages the
    # child shared before exec (a session of 400 MB made every child look that big).
    try:
        line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
        open(os.environ["HOSTILE_PEAK"], "w").write(line.split()[1])
    except Exception:
        pass
atexit.register(_peak)
limit = int(sys.argv[1]) * 2 ** 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.path.insert(0, sys.argv[2])
sys.argv = ["vanban"] + sys.argv[3:]
from vanban.cli import main
main()
"""

#: What one line on stderr may look like: ``FILE[:LINE]: [field: ]message``, a click usage
#: line, or one of vanban's summary lines.
LINE_SHAPE = re.compile(r"^(\S.*?(:\d+)?: \S.*|Usage: .*|Try '.*|Error: .*|\d+ (of \d+ )?\S+.*|)$")
#: A bare exception class name reaching the user ("IndexError", "XMLSyntaxError: …").
BARE_EXCEPTION = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|Traceback")


@dataclass
class Result:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float
    timed_out: bool = False

    def bad_lines(self) -> list[str]:
        """stderr lines that are not of the promised shape, or that name a Python exception."""
        return [line for line in self.err.splitlines()
                if not LINE_SHAPE.match(line) or BARE_EXCEPTION.search(line)]


def _peak_kb(path: Path, fallback: int) -> int:
    """The child's own peak (kB) when it could say it at exit; else what the kernel kept."""
    try:
        return int(path.read_text())
    except (OSError, ValueError):
        return fallback


def run(args: list[str], cwd: Path, mem_mb: int = 1024, timeout: float = 60.0, env: dict | None = None) -> Result:
    """``vanban ARGS`` in ``cwd`` under an address-space limit of ``mem_mb``; killed after ``timeout``."""
    out_path, err_path = cwd / ".stdout", cwd / ".stderr"
    peak_path = cwd / ".peak"
    full_env = {**os.environ, "VANBAN_LANG": "en", "TMPDIR": str(cwd / ".tmp"), "HOSTILE_PEAK": str(peak_path),
                **(env or {})}
    (cwd / ".tmp").mkdir(exist_ok=True)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(mem_mb), str(ROOT), *args], cwd=cwd,
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=full_env,
                                start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = Result(proc.returncode, out_path.read_text("utf-8", "replace"), err_path.read_text("utf-8", "replace"),
                    seconds, _peak_kb(peak_path, usage.ru_maxrss) / 1024, timed_out)
    out_path.unlink()
    err_path.unlink()
    peak_path.unlink(missing_ok=True)
    return result


def leftovers(folder: Path) -> list[str]:
    """Half-written or temporary files a run left in ``folder`` (its own TMPDIR included)."""
    found = [str(p.relative_to(folder)) for p in folder.rglob("*")
             if p.name.endswith(".part") or p.name.startswith(".~lock") or (p.name.startswith("lu") and p.name.endswith(".tmp")) or
             (p.parent.name == ".tmp" and p.name.startswith("vanban-"))]
    return sorted(found)
