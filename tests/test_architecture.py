"""The house's rules (docs/ARCHITECTURE.md), checked on the code itself: a wrong arrow fails the suite."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("common", "city", "portal", "certificates", "desk", "news", "mailbox", "identity", "registry", "devidp")
MAX_LINES = 400
# Declared data files: long because they hold data, not code.
DATA_FILES = {"registry/demo.py"}


def source_files() -> list[Path]:
    return sorted(path for package in OURS for path in (ROOT / package).rglob("*.py")
                  if "migrations" not in path.parts)


def test_imports_follow_the_layers():
    """import-linter's contracts in pyproject.toml: apps and desk parts import downwards only."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_module_is_longer_than_400_lines():
    long = [f"{path.relative_to(ROOT)}: {count}" for path in source_files() + sorted((ROOT / "bench").rglob("*.py"))
            if (count := len(path.read_text().splitlines())) > MAX_LINES
            and str(path.relative_to(ROOT)) not in DATA_FILES]
    assert long == []


def _own_import(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return bool(node.level) or (node.module or "").split(".")[0] in OURS
    return isinstance(node, ast.Import) and any(alias.name.split(".")[0] in OURS for alias in node.names)


def test_function_local_imports_of_our_code_say_why():
    """A lazy import of our own code is a deliberate exception: a comment on or above the line says why."""
    silent = []
    for path in source_files():
        lines = path.read_text().splitlines()
        for function in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if _own_import(node) and "#" not in lines[node.lineno - 1] \
                        and not lines[node.lineno - 2].strip().startswith("#"):
                    silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert silent == []


@pytest.mark.parametrize("path", source_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_private_name_crosses_a_module(path):
    tree = ast.parse(path.read_text())
    crossing = [f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and _own_import(node) for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert crossing == []


def test_every_public_service_function_says_what_it_does():
    """Services are the doors into the apps: each public one has a docstring."""
    silent = []
    for path in source_files():
        if path.name != "services.py" and "services" not in path.parts:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_") \
                    and ast.get_docstring(node) is None:
                silent.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert silent == []
