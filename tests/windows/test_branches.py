"""Every Windows branch of the package is executed by a test of the Windows-rules layer.

The package asks which OS it runs on only through ``platform_rules.on_windows()``
(checked here: no other ``os.name`` / ``sys.platform`` test anywhere). The test
finds every ``if`` / conditional expression on it, works out the first line
that runs on Windows only, runs ``tests/windows`` under coverage in a
subprocess, and requires each of those lines to have been executed.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import chiso_desktop

PACKAGE = Path(chiso_desktop.__file__).resolve().parent
ROOT = PACKAGE.parent
HERE = Path(__file__).resolve().parent
NESTED = "CHISO_WINDOWS_BRANCH_RUN"


@dataclass(frozen=True)
class Branch:
    file: Path
    line: int  # the `if` itself
    windows_line: int  # first line run only on Windows

    def __str__(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line} (Windows side at {self.windows_line})"


def _is_platform_test(node: ast.AST) -> bool:
    """``os.name`` / ``sys.platform`` / ``platform.system()`` used directly."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and (
                (sub.value.id, sub.attr) in {("os", "name"), ("sys", "platform")}):
            return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and \
                isinstance(sub.func.value, ast.Name) and sub.func.value.id == "platform" and \
                sub.func.attr == "system":
            return True
    return False


def _windows_polarity(test: ast.expr) -> bool | None:
    """True when ``test`` is true on Windows (``on_windows() and …``), False when it is
    false there (``not on_windows()``), None when it does not ask."""
    if isinstance(test, ast.Call) and getattr(test.func, "id", getattr(test.func, "attr", "")) \
            == "on_windows":
        return True
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _windows_polarity(test.operand)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        for value in test.values:
            if _windows_polarity(value) is True:
                return True
    return None


def _branches_in(file: Path) -> tuple[list[Branch], list[int]]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    branches, direct = [], []
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare | ast.Call) and _is_platform_test(node):
            direct.append(node.lineno)
        if not isinstance(node, ast.If | ast.IfExp):
            continue
        polarity = _windows_polarity(node.test)
        if polarity is None:
            continue
        if isinstance(node, ast.IfExp):
            side = node.body if polarity else node.orelse
            branches.append(Branch(file, node.lineno, side.lineno))
            continue
        if polarity and node.body:
            branches.append(Branch(file, node.lineno, node.body[0].lineno))
        elif not polarity and node.orelse:
            branches.append(Branch(file, node.lineno, node.orelse[0].lineno))
        elif not polarity:  # `if not on_windows(): raise` → Windows goes on after it
            parent = parents[node]
            for name in ("body", "orelse", "finalbody", "handlers"):
                block = getattr(parent, name, None)
                if isinstance(block, list) and node in block:
                    following = block[block.index(node) + 1:]
                    assert following, f"{file}:{node.lineno}: nothing runs after it on Windows"
                    branches.append(Branch(file, node.lineno, following[0].lineno))
    return branches, direct


def windows_branches() -> list[Branch]:
    found: list[Branch] = []
    for file in sorted(PACKAGE.rglob("*.py")):
        if "generated" in file.parts:
            continue
        branches, direct = _branches_in(file)
        found += branches
        if file.name != "platform_rules.py":
            assert not direct, (f"{file.relative_to(ROOT)}:{direct}: ask platform_rules."
                                "on_windows() instead, so the Windows-rules layer reaches it")
    return found


def test_the_package_asks_for_windows_only_through_on_windows() -> None:
    branches = windows_branches()
    # The branches known when this test was written; more may come, fewer means one was lost.
    files = {b.file.relative_to(PACKAGE).as_posix() for b in branches}
    assert {"fileio/atomic_file.py", "fileio/instance_lock.py", "fileio/network_folder.py",
            "reports/pdf/fonts.py"} <= files, files
    assert len(branches) >= 7


@pytest.mark.slow  # runs tests/windows again under coverage in a subprocess
def test_every_windows_branch_is_executed_by_a_test(tmp_path: Path) -> None:
    if os.environ.get(NESTED):
        pytest.skip("this is the run under coverage")
    branches = windows_branches()
    data, report = tmp_path / ".coverage", tmp_path / "coverage.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COVERAGE_FILE": str(data), NESTED: "1"}
    env.pop("COVERAGE_PROCESS_START", None)
    run = subprocess.run(
        [sys.executable, "-m", "coverage", "run", f"--source={PACKAGE}", "-m", "pytest",
         str(HERE), "-q", "-x", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    subprocess.run([sys.executable, "-m", "coverage", "json", "-o", str(report)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    files = json.loads(report.read_text())["files"]
    executed = {str((ROOT / name).resolve()): set(info["executed_lines"])
                for name, info in files.items()}
    missed = [str(b) for b in branches
              if b.windows_line not in executed.get(str(b.file.resolve()), set())]
    assert not missed, "Windows branches no test runs:\n" + "\n".join(missed)
