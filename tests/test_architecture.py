"""The package's layers: each imports only from the layers below it, never sideways or upward."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vanban"

#: Lowest first. Packages on one line are one layer: they may not import each other.
LAYERS = [
    {"i18n"},
    {"tools"},   # finding LibreOffice, Tesseract, poppler: any layer that runs them
    {"decree"},
    {"model"},
    {"reading"},
    {"rendering", "check", "derive", "ingest"},
    {"deliver"},
    {"register"},
    {"web"},
    {"cli"},     # the command line starts everything, the web app included (`vanban serve`)
]
LEVEL = {name: k for k, names in enumerate(LAYERS) for name in names}


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.name not in ("__init__.py", "__main__.py"))


def _top(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []


def test_every_package_has_a_layer():
    tops = {_top(p) for p in _modules()}
    assert tops <= set(LEVEL), f"packages without a layer: {sorted(tops - set(LEVEL))}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path):
    own = _top(path)
    bad = []
    for line, module, names in _imports(path):
        parts = module.split(".")
        if parts[0] != "vanban":
            continue
        if len(parts) == 1:
            # The package root is the public façade above everything; only the top layer may use it.
            if LEVEL[own] < LEVEL["cli"] and names != ["__version__"]:
                bad.append(f"line {line}: imports the façade `vanban` ({', '.join(names)})")
            continue
        target = parts[1]
        if target == own:
            continue
        if target not in LEVEL:
            bad.append(f"line {line}: {module} has no layer")
        elif LEVEL[target] >= LEVEL[own]:
            way = "sideways" if LEVEL[target] == LEVEL[own] else "upward"
            bad.append(f"line {line}: {own} imports {module} ({way})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_names_across_modules(path):
    own = ".".join(("vanban",) + path.relative_to(PACKAGE).with_suffix("").parts)
    bad = [f"line {line}: from {module} import {n}" for line, module, names in _imports(path)
           if module.startswith("vanban") and module != own for n in names if n.startswith("_") and n not in ("__version__", "_")]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 420, f"{path.name} has {lines} lines; split it by concern"


def _every_module():
    return sorted(PACKAGE.rglob("*.py"))


#: ``python -m vanban`` is the command line's own entry point.
ENTRY_POINTS = {"__main__.py"}


@pytest.mark.parametrize("path", [p for p in _every_module() if _top(p) != "cli" and p.name not in ENTRY_POINTS],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_outside_the_cli_imports_the_cli(path):
    """The command line is a front end over the library, as the web is: library code it holds
    would be out of the web's reach. The façade ``vanban/__init__.py`` is checked too."""
    bad = [f"line {line}: imports {module}" for line, module, names in _imports(path)
           if module == "vanban.cli" or module.startswith("vanban.cli.")
           or (module == "vanban" and "cli" in names)]
    assert not bad, "\n".join(bad)
