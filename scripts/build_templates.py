"""Rewrite every template in templates/ from vanban.rendering.template_builder.

Run after changing vanban/decree/layout.py or vanban/rendering/template_builder.py, and commit
the result: ``python scripts/build_templates.py``. The output is byte-for-byte reproducible.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from vanban.model.schema import Loai, Mau  # noqa: E402
from vanban.rendering.template_builder import build, exists, template_name  # noqa: E402

out = pathlib.Path(__file__).resolve().parent.parent / "templates"
out.mkdir(exist_ok=True)
for kind in Loai:
    for profile in Mau:
        if not exists(kind, profile):
            continue
        (out / template_name(kind, profile)).write_bytes(build(kind, profile))
        print("wrote", out / template_name(kind, profile))
