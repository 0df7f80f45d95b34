"""One clerk's workstation: issue N drafts into the register at URL (run as a process).

    python worker.py URL FOLDER NAME N
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drafts import write_draft  # noqa: E402

from vanban.register import Register, issue_file  # noqa: E402


def main(url: str, folder: str, name: str, count: int) -> None:
    with Register(url) as register:
        for i in range(count):
            path = write_draft(Path(folder), f"{name}-{i:03d}", f"{name} văn bản {i}")
            issue_file(path, register, day=datetime.date(2024, 5, 10))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
