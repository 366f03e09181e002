"""How the apps depend on each other: read from the source, never imported."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules(app):
    """{dotted module name: path} for every Python module of `app`, migrations left out."""
    found = {}
    for path in (ROOT / app).rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imported_names(name, path):
    """Every module `name` imports, anywhere in its body (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(app):
    """Edges between the modules of `app`, a module also importing its parent packages."""
    known = modules(app)
    graph = {}
    for name, path in known.items():
        targets = set()
        for imported in imported_names(name, path):
            parts = imported.split(".")
            for end in range(1, len(parts) + 1):
                target = ".".join(parts[:end])
                if target in known and target != name and not name.startswith(target + "."):
                    targets.add(target)
        graph[name] = targets
    return graph


def find_cycle(graph):
    """One import cycle as a list of modules, or None."""
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target]
            if target not in state:
                cycle = visit(target, [*trail, target])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start, [start])
            if cycle:
                return cycle
    return None


def test_nothing_under_publications_imports_mailing():
    offenders = [
        f"{name} imports {imported}"
        for name, path in modules("publications").items()
        for imported in imported_names(name, path)
        if imported == "mailing" or imported.startswith("mailing.")
    ]
    assert offenders == []


def test_publications_templates_do_not_name_mailing():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates" / "publications").rglob("*.html")
        if "mailing" in path.read_text()
    ]
    assert offenders == []


@pytest.mark.parametrize("app", ["publications", "mailing", "thinktank", "images", "redirects"])
def test_no_import_cycles_inside_the_app(app):
    assert find_cycle(import_graph(app)) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
