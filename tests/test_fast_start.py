"""The command starts fast: listing the commands or asking the version loads no heavy library."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from vanban.cli import COMMANDS, main

from conftest import ROOT

HEAVY = ("pydantic", "docx", "docxtpl", "jinja2", "lxml", "yaml")


def loaded_after(args: list[str]) -> list[str]:
    script = ("import sys; from vanban.cli import main\n"
              f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
              f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return eval(out.strip().splitlines()[-1])


def test_help_and_version_load_no_heavy_library():
    assert loaded_after(["--help"]) == []
    assert loaded_after(["--version"]) == []


def test_help_lists_what_the_commands_themselves_say():
    listed = CliRunner().invoke(main, ["--help"]).output
    rows = dict(line.split(None, 1) for line in listed.split("Commands:")[1].strip().splitlines())
    assert set(rows) == set(COMMANDS)
    ctx = main.make_context("vanban", ["--version"], resilient_parsing=True)
    width = 80 - 6 - max(len(n) for n in COMMANDS)
    for name in COMMANDS:
        assert rows[name].strip() == main.get_command(ctx, name).get_short_help_str(width), name


def test_help_lists_each_command_in_the_readers_language():
    """The list is read from the docstrings without importing the commands; each summary is the
    start of what ``vanban CMD --help`` says in Vietnamese (a multi-line docstring once stayed English)."""
    def run(*args):
        return subprocess.run([sys.executable, "-m", "vanban", "--lang", "vi", *args], capture_output=True,
                              text=True, cwd=ROOT, check=True).stdout
    listed = run("--help")
    rows = dict(line.split(None, 1) for line in listed.split("Lệnh:")[1].strip().splitlines())
    assert set(rows) == set(COMMANDS)
    for name in COMMANDS:
        own = " ".join(run(name, "--help").split("\n\n")[1].split())      # the text under "Cách dùng"
        summary = rows[name].strip().removesuffix("...")
        assert own.startswith(summary), (name, summary, own[:80])
