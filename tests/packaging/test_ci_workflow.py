"""``.github/workflows/ci.yml`` is a valid GitHub workflow whose steps run what the repo has.

Validated offline against the workflow schema that check-jsonschema vendors
(``--builtin-schema vendor.github-workflows``); then every repository file a
step names must exist, and the jobs must be the ones the project relies on.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
REPO_PATH = re.compile(r"(?:\./)?((?:\.ci|packaging|tests|chiso_desktop)[/\\][\w./\\-]+)")


def _tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else name


def _workflow() -> dict:
    return YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_validates_against_the_github_schema() -> None:
    res = subprocess.run([_tool("check-jsonschema"), "--builtin-schema",
                          "vendor.github-workflows", str(WORKFLOW)],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "NO_COLOR": "1"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "ok" in res.stdout


def test_a_broken_workflow_is_caught_by_the_schema(tmp_path: Path) -> None:
    broken = tmp_path / "ci.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "run-on:"),
                      encoding="utf-8")
    res = subprocess.run([_tool("check-jsonschema"), "--builtin-schema",
                          "vendor.github-workflows", str(broken)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode != 0


def test_every_file_a_step_runs_exists() -> None:
    named: list[str] = []
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            for path in REPO_PATH.findall(step.get("run", "")):
                named.append(path.replace("\\", "/"))
            for path in REPO_PATH.findall(str(step.get("with", {}).get("path", ""))):
                named.append(path.replace("\\", "/"))
    runnable = [p for p in named if not p.startswith("dist/")]
    assert ".ci/run" in runnable and "packaging/windows/build.ps1" in runnable
    for path in runnable:
        assert (ROOT / path).is_file(), f"{path} is named in ci.yml but not in the repository"


def test_the_jobs_are_the_ones_the_project_relies_on() -> None:
    jobs = _workflow()["jobs"]
    assert jobs["linux"]["runs-on"] == "ubuntu-latest"
    assert [s["run"] for s in jobs["linux"]["steps"] if "run" in s] == ["bash .ci/run"]
    win = jobs["windows"]
    assert win["runs-on"] == "windows-latest" and win["env"]["QT_QPA_PLATFORM"] == "offscreen"
    python = [s for s in win["steps"] if s.get("uses", "").startswith("actions/setup-python")]
    assert python and str(python[0]["with"]["python-version"]) == "3.12"
    runs = " ".join(s.get("run", "") for s in win["steps"])
    assert "pytest" in runs and "innosetup" in runs and "build.ps1" in runs
    upload = [s for s in win["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload, "the installer is uploaded"
    # The artifact pattern matches the name chiso.iss gives the installer.
    iss = (ROOT / "packaging" / "windows" / "chiso.iss").read_text(encoding="utf-8-sig")
    assert "OutputDir=..\\..\\dist\\installer" in iss
    assert "OutputBaseFilename=ChiSoDesktop-{#AppVersion}-setup" in iss
    assert upload[0]["with"]["path"] == "dist/installer/ChiSoDesktop-*-setup.exe"
    # Extras the steps install exist in pyproject.toml.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for extra in re.findall(r'\.\[([\w,]+)\]', runs):
        for name in extra.split(","):
            assert re.search(rf"^{name} = \[", pyproject, re.M), name
