"""The code reads in one direction: load -> check -> model -> render -> write, then the
pipeline that calls them and the commands over it. No module imports a later stage."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

STAGES = [
    {"problems", "schema", "dates", "citations", "yamlpos", "cache"},  # used by every stage
    {"load"},
    {"markup", "shapes", "media", "records", "timeline", "rules", "check"},
    {"markdown_render", "strip", "timeline_pages", "charts", "graph", "parts", "model"},
    {"briefing_json", "exports", "search", "render", "linkcheck"},
    {"target", "write", "publish"},
    {"pipeline"},
    {"cli", "serve", "serve_http", "schema_doc", "timelinejs_read", "timelinejs"},
    {"__main__"},
]
RANK = {module: rank for rank, modules in enumerate(STAGES) for module in modules}
PACKAGE = ROOT / "briefing"


def imports_of(path: Path) -> set[str]:
    """The briefing modules a module imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module] if node.module else [a.name for a in node.names]
            found |= {name for name in names if (PACKAGE / f"{name}.py").is_file()}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("briefing."):
            found.add(node.module.removeprefix("briefing."))
    return found


def modules() -> dict[str, Path]:
    return {p.stem: p for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def test_every_module_has_its_place_in_the_stages():
    assert sorted(modules()) == sorted(RANK), "add the module to STAGES above"


def test_no_module_imports_a_later_stage():
    climbing = [f"{name} imports {other}" for name, path in modules().items()
                for other in imports_of(path) if RANK[other] > RANK[name]]
    assert climbing == []


def test_no_import_circles():
    graph = {name: imports_of(path) for name, path in modules().items()}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt}))
                   for nxt in graph[start])

    assert [name for name in graph if reaches(name, name, {name})] == []


def test_modules_stay_small():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
