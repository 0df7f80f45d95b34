"""Writing a document model back as YAML a person can read and edit."""
from __future__ import annotations

import yaml

from vanban.model.schema import VanBan


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter when PyYAML was built with it (ten times faster, the same text)."""


def _str(dumper: yaml.SafeDumper, value: str):
    # Long text as a folded block (">-"), the way the example files are written.
    style = ">" if len(value) > 70 and "\n" not in value and not value.startswith((" ", "-")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _date(doc: VanBan) -> str | None:
    d = doc.ngay
    if not d or not d.nam:
        return None
    return "-".join([str(d.nam)] + [f"{x:02d}" for x in (d.thang, d.ngay) if x])


def to_data(doc: VanBan) -> dict:
    """The model as plain data in the YAML schema, in the schema's key order, defaults left out."""
    data = doc.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data.update(loai=doc.loai.value, mau=doc.mau.value, ngay=_date(doc))
    return {key: data[key] for key in VanBan.model_fields if data.get(key) is not None}


def to_yaml(doc: VanBan, comment: str = "") -> str:
    """YAML text for ``doc``, optionally headed by a comment."""
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    return head + yaml.dump(to_data(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=96)
