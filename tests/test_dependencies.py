"""pyproject.toml, the lock files under requirements/ and the imports agree (./thuisloket lock rewrites the locks)."""
import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
OURS = set(PYPROJECT["tool"]["importlinter"]["root_packages"]) | {"tests", "bench"}
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", re.M)


def declared(*extras: str) -> list[Requirement]:
    requirements = [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]
    for extra in extras:
        requirements += [Requirement(line) for line in PYPROJECT["project"]["optional-dependencies"][extra]]
    return [r for r in requirements if canonicalize_name(r.name) != "thuisloket"]


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


@pytest.mark.parametrize(("lock", "extras"), [("production.txt", ("s3",)), ("dev.txt", ("dev", "devidp", "s3"))])
def test_every_declared_dependency_is_locked_within_its_range(lock, extras):
    locked = pins(lock)
    missing = [str(r) for r in declared(*extras) if canonicalize_name(r.name) not in locked]
    outside = [f"{r} (locked {locked[canonicalize_name(r.name)]})" for r in declared(*extras)
               if canonicalize_name(r.name) in locked and locked[canonicalize_name(r.name)] not in r.specifier]
    assert not missing and not outside, f"run ./thuisloket lock: missing {missing}, outside {outside}"


@pytest.mark.parametrize("lock", ["production.txt", "dev.txt"])
def test_every_pin_has_hashes(lock):
    entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", (ROOT / "requirements" / lock).read_text())
    assert all("--hash=sha256:" in entry for entry in entries[1:])


def third_party_imports(folders) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OURS:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize(("folders", "extras"), [
    (sorted(OURS - {"tests", "bench", "devidp"}), ("s3",)),
    (["devidp"], ("devidp",)),
    (["tests", "bench"], ("dev", "devidp", "s3")),
])
def test_every_imported_package_is_declared(folders, extras):
    distributions = importlib.metadata.packages_distributions()
    names = {canonicalize_name(r.name) for r in declared(*extras)}
    undeclared = {top: sorted(where)[:2] for top, where in third_party_imports(folders).items()
                  if not {canonicalize_name(d) for d in distributions.get(top, [top])} & names}
    assert not undeclared, f"declare these in pyproject.toml: {undeclared}"
