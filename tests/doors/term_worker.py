"""One clerk's workstation issuing a Party body's and a state body's drafts (run as a process).

    python term_worker.py URL FOLDER NAME N

Draft i is a Party nghị quyết (i % 3 == 0), a Party kế hoạch (1) or the union's công văn (2).
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from register.drafts import write_draft  # noqa: E402
from term_drafts import write_party  # noqa: E402

from vanban.register import Register, issue_file  # noqa: E402


def main(url: str, folder: str, name: str, count: int) -> None:
    with Register(url) as register:
        for i in range(count):
            stem, subject = f"{name}-{i:03d}", f"{name} văn bản {i}"
            kind = i % 3
            path = (write_party(Path(folder), stem, "nghi_quyet" if kind == 0 else "ke_hoach", subject) if kind < 2
                    else write_draft(Path(folder), stem, subject))
            issue_file(path, register, day=datetime.date(2026, 5, 10))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
