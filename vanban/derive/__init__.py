"""Deriving documents from a parent: citations, follow-up letters, per-unit plans, unit lists.

Each returns an ordinary :class:`~vanban.model.VanBan`, meant to be written as
YAML, read and edited by a person, and rendered."""
from vanban.derive.cite import cite, issuer
from vanban.derive.letters import CoQuanDanXuat, follow_up
from vanban.derive.plans import DonVi, assignment_section, derive_plan, slug
from vanban.derive.rows import assignment_table, unit_rows
from vanban.derive.sections import find_sections, numbered_sections, select, tasks_of
from vanban.derive.units import UnitList, load_units

__all__ = ["cite", "issuer", "follow_up", "derive_plan", "numbered_sections", "find_sections", "select",
           "tasks_of", "assignment_section", "CoQuanDanXuat", "DonVi", "slug", "load_units", "UnitList",
           "assignment_table", "unit_rows"]
