"""The package's layers: each imports only from the layers below it, never sideways or upward."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

# Names the runner's modules in its layer lists, starts none of them.
pytestmark = pytest.mark.pure

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
    {"sign"},    # PDF for signing, signing, verifying: the PDF/A from deliver's LibreOffice runner
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


def _module_name(path: Path) -> str:
    parts = ("vanban",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module → the vanban modules it imports, anywhere in its code (a function's import included:
    it is a dependency all the same), except imports made only for type checkers."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test)
                       for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("vanban"):
                subs = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules]
                graph[name].update(subs)
                if node.module in modules and len(subs) < len(node.names):
                    graph[name].add(node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in modules)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each a circle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_circle_of_imports():
    assert _circles(_import_graph()) == []


def test_the_circle_finder_finds_one():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
