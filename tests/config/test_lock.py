"""uv.lock pins every dependency pyproject.toml asks for, with hashes, and every install goes through it."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

BASE_DIR = Path(__file__).resolve().parents[2]


def pyproject_requirements() -> set[tuple]:
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    found = set()
    for extra, lines in [("", project["dependencies"]), *project["optional-dependencies"].items()]:
        for line in lines:
            requirement = Requirement(line)
            marker = f"extra == '{extra}'" if extra else ""
            found.add((canonicalize_name(requirement.name), tuple(sorted(requirement.extras)),
                       str(requirement.specifier), marker))  # fmt: skip
    return found


def lock() -> dict:
    return tomllib.loads((BASE_DIR / "uv.lock").read_text())


def locked_requirements() -> set[tuple]:
    project = next(package for package in lock()["package"] if package["name"] == "debrief")
    return {
        (canonicalize_name(r["name"]), tuple(sorted(r.get("extras", []))), str(SpecifierSet(r.get("specifier", ""))),
         r.get("marker", ""))
        for r in project["metadata"]["requires-dist"]
    }  # fmt: skip


def test_the_lock_was_resolved_from_this_pyproject():
    in_pyproject, in_lock = pyproject_requirements(), locked_requirements()
    assert in_pyproject == in_lock, (
        "pyproject.toml and uv.lock disagree: run `make lock` (or `.venv/bin/uv lock` to pin only what changed).\n"
        f"only in pyproject.toml: {sorted(in_pyproject - in_lock)}\nonly in uv.lock: {sorted(in_lock - in_pyproject)}"
    )


def test_every_locked_package_is_pinned_to_one_version_with_hashes():
    for package in lock()["package"]:
        if package["name"] == "debrief":
            continue
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", package["version"]), package["name"]
        files = [package.get("sdist", {}), *package.get("wheels", [])]
        assert files and all(f.get("hash", "").startswith("sha256:") for f in files if f), package["name"]


def test_every_install_goes_through_the_lock():
    makefile = (BASE_DIR / "Makefile").read_text()
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "$(UV) sync --locked --extra dev --no-install-project" in makefile
    assert "$(VENV)/.installed: pyproject.toml uv.lock" in makefile
    assert "uv sync --locked --no-install-project" in dockerfile
    assert "pip install -e" not in makefile and "pip install ." not in dockerfile
    # uv itself comes from PyPI at the version the lock pins, never from a curl installer.
    locked_uv = next(package["version"] for package in lock()["package"] if package["name"] == "uv")
    assert locked_uv.startswith("0.13.")
    assert "curl" not in makefile and "curl" not in dockerfile
