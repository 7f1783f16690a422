"""The CI pipelines a project copies: their audience matrix comes from the academy, and their
commands do what the jobs need (run here as the jobs run them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from sites import write_academy

WORKFLOW = REPO / ".github/workflows/academy.yml"
GITLAB = REPO / ".gitlab-ci.yml"
TINY_AUDIENCES = ["customers", "partners", "staff"]


def shell(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run one line of a job's script with bash, the project's environment first on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", command],
        cwd=cwd,
        env={**os.environ, "PATH": path, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def run_lines(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_github_matrix_is_what_academy_audiences_lists(tmp_path):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    jobs = workflow["jobs"]
    assert jobs["build"]["strategy"]["matrix"] == {"audience": "${{ fromJSON(needs.audiences.outputs.ids) }}"}
    assert jobs["audiences"]["outputs"]["ids"] == "${{ steps.list.outputs.ids }}"
    (listing,) = [step["run"] for step in jobs["audiences"]["steps"] if step.get("id") == "list"]
    assert "academy audiences --json" in listing
    write_academy(tmp_path, {})
    output = tmp_path / "github_output"
    run = shell(listing, tmp_path, GITHUB_OUTPUT=str(output))
    assert run.returncode == 0, run.stderr
    assert output.read_text().strip() == f"ids={json.dumps(TINY_AUDIENCES)}"


def test_github_build_job_publishes_the_site_it_builds(tmp_path):
    job = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]
    write_academy(tmp_path, {})
    (build,) = [line for line in run_lines(job) if line.startswith("academy build")]
    run = shell(build, tmp_path, AUDIENCE="partners")
    assert run.returncode == 0, run.stderr
    summary = json.loads((tmp_path / "build-partners.json").read_text())
    assert [entry["id"] for entry in summary["audiences"]] == ["partners"]
    uploads = [step["with"]["path"] for step in job["steps"] if step.get("uses", "").startswith("actions/upload")]
    assert uploads == ["site/${{ matrix.audience }}", "build-${{ matrix.audience }}.json"]
    assert (tmp_path / "site/partners/index.html").is_file() and not (tmp_path / "site/customers").exists()
    (cache,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/cache")]
    assert "${{ matrix.audience }}" in cache["with"]["key"] and cache["if"] == "env.ACADEMY_CACHE_KEY != ''"


def test_github_pull_requests_are_checked_and_tested_but_not_published():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    jobs = workflow["jobs"]
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    assert ".venv/bin/academy check" in run_lines(jobs["check"]) and ".ci/run" in run_lines(jobs["check"])
    assert jobs["audiences"]["if"] == "github.event_name != 'pull_request'"
    assert jobs["deploy"]["if"] == "github.ref == 'refs/heads/main'"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_actionlint_finds_nothing_in_the_workflow_and_something_in_a_broken_one(tmp_path):
    lint = [sys.executable, str(REPO / "scripts/actionlint")]
    clean = subprocess.run([*lint, str(WORKFLOW)], capture_output=True, text=True, check=False, timeout=300)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("needs.audiences.outputs.ids", "needs.audience.outputs.ids"))
    found = subprocess.run([*lint, str(broken)], capture_output=True, text=True, check=False, timeout=300)
    assert found.returncode == 1 and "audience" in found.stdout


def test_gitlab_child_pipeline_has_one_job_per_audience(tmp_path):
    pipeline = yaml.safe_load(GITLAB.read_text())
    (generate,) = [line for line in pipeline["audiences"]["script"] if "gitlab-audience-jobs" in line]
    assert generate.startswith("academy audiences --json |")
    assert pipeline["portals"]["trigger"]["include"] == [{"artifact": "audiences.gitlab-ci.yml", "job": "audiences"}]
    write_academy(tmp_path, {})
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts/gitlab-audience-jobs").write_bytes((REPO / "scripts/gitlab-audience-jobs").read_bytes())
    run = shell(generate, tmp_path)
    assert run.returncode == 0, run.stderr
    child = yaml.safe_load((tmp_path / "audiences.gitlab-ci.yml").read_text())
    assert sorted(child) == [f"build:{audience}" for audience in TINY_AUDIENCES]
    job = child["build:staff"]
    assert job["variables"] == {"AUDIENCE": "staff"} and job["cache"]["key"] == "academy-staff"
    build = shell(job["script"][-1], tmp_path, AUDIENCE="staff")
    assert build.returncode == 0, build.stderr
    assert all((tmp_path / path).exists() for path in job["artifacts"]["paths"])


@pytest.mark.parametrize("given", ["", "{}", '[{"title": "no id"}]', "not json"])
def test_gitlab_job_writer_refuses_what_is_not_an_audience_list(given):
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts/gitlab-audience-jobs")], input=given, capture_output=True, text=True
    )
    assert run.returncode == 2 and "academy audiences --json" in run.stderr
