"""A YAML file rendered through each door: the library call, the CLI's ``render``, the web editor's download."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import vanban


def rendered(door: str, src: Path, tmp: Path) -> bytes:
    """The .docx bytes ``door`` (library, cli, web) makes of the YAML file ``src``."""
    if door == "library":
        return vanban.render_bytes(vanban.load(src))
    if door == "cli":
        from vanban.cli import main
        out = tmp / (src.stem + ".docx")
        result = CliRunner().invoke(main, ["render", str(src), "-o", str(out)])
        assert result.exit_code == 0, result.output
        return out.read_bytes()
    pytest.importorskip("flask")
    from test_web_app import NoPreview
    from vanban.web import create_app
    folder = tmp / "served"
    folder.mkdir()
    shutil.copy(src, folder / src.name)
    r = create_app(folder, previewer=NoPreview()).test_client().get(f"/download/{src.name}.docx")
    assert r.status_code == 200
    return r.data
