"""The web's derive page asked for a follow-up letter: the way door tests import a document on the web
(the page imports the uploaded parent through the library's call, in a bounded child)."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
import yaml


def follow_up(parent, body: dict, tasks: str, tmp) -> dict:
    """The letter (as YAML data) the derive page writes from ``parent`` (a file) for ``body`` (a
    derived body's data), passing down the parent's sections ``tasks`` ("1", "II.3")."""
    pytest.importorskip("flask")
    from test_web_app import NoPreview, csrf
    from vanban.web import create_app
    served = tmp / "served"
    served.mkdir(parents=True, exist_ok=True)
    client = create_app(served, previewer=NoPreview()).test_client()
    data = {"csrf_token": csrf(client), "mode": "follow_up", "tasks": tasks,
            "parent": (io.BytesIO(parent.read_bytes()), parent.name),
            "body": (io.BytesIO(yaml.safe_dump(body, allow_unicode=True).encode("utf-8")), "body.yaml")}
    r = client.post("/derive", data=data, content_type="multipart/form-data")
    assert r.status_code == 200, re.sub(r"<[^>]+>", " ", r.get_data(as_text=True))[:600]
    z = zipfile.ZipFile(io.BytesIO(r.data))
    [letter] = [yaml.safe_load(z.read(n)) for n in z.namelist() if n.endswith(".yaml")]
    return letter
