"""The templates in templates/ are exactly what scripts/build_templates.py writes."""
import io
import zipfile

import pytest

from vanban.model.schema import Loai, Mau
from vanban.rendering.template_builder import build, template_name

from conftest import CELLS, ROOT

PARTS = ["word/document.xml", "word/styles.xml", "word/header1.xml", "word/footnotes.xml", "word/settings.xml"]


@pytest.mark.parametrize("kind,profile", CELLS)
def test_bundled_template_is_up_to_date(kind, profile):
    path = ROOT / "templates" / template_name(kind, profile)
    assert path.exists(), f"run python scripts/build_templates.py ({path.name} missing)"
    fresh = zipfile.ZipFile(io.BytesIO(build(kind, profile)))
    stored = zipfile.ZipFile(path)
    for part in PARTS:
        if part in fresh.namelist():
            assert stored.read(part) == fresh.read(part), f"{path.name}:{part} is stale; run scripts/build_templates.py"
    assert path.read_bytes() == build(kind, profile), f"{path.name} differs byte for byte; run scripts/build_templates.py"


def test_building_twice_gives_the_same_bytes():
    assert build(Loai.ke_hoach, Mau.cong_doan) == build(Loai.ke_hoach, Mau.cong_doan)


def test_every_layout_choice_is_inside_the_decree_range():
    import dataclasses

    from vanban.decree.layout import DEFAULT, Layout, Sizes, out_of_range
    assert out_of_range(DEFAULT) == []
    wrong = dataclasses.replace(DEFAULT, margin_left=25.0, sizes=dataclasses.replace(Sizes(), body=12))
    assert out_of_range(wrong) == ["body 12 not in 13–14", "margin_left 25 not in 30–35"]
    assert isinstance(wrong, Layout)
