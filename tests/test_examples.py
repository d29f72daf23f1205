"""Every chapter script runs on the CPU as its own process, as a learner would run it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from paths import EXAMPLES, ROOT

#: A page a reader takes in at one sitting: at most this many lines of source (issue 18). An
#: exercise page may run longer, since each exercise has a starter and an answer folded away.
MAX_LINES = {"page": 260, "exercises": 300}
#: A page must not teach an API on its way out: deprecation warnings fail the run.
STRICT_WARNINGS = ("-W", "error::DeprecationWarning", "-W", "error::FutureWarning")


def test_there_are_examples():
    chapters = {path.parent.name for path in EXAMPLES}
    assert {"01_installation", "02_tensors"} <= chapters, chapters


@pytest.mark.parametrize("script", EXAMPLES, ids=[f"{p.parent.name}/{p.name}" for p in EXAMPLES])
def test_example_runs_on_cpu(script):
    env = {**os.environ, "MPLBACKEND": "Agg", "TUTORIAL_DEVICE": "cpu"}
    result = subprocess.run(
        [sys.executable, *STRICT_WARNINGS, str(ROOT / "tests" / "run_on_device.py"), "cpu", str(script)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode == 0, f"{script.name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    assert f"ok: {script.name} on cpu" in result.stdout


@pytest.mark.parametrize("script", EXAMPLES, ids=[f"{p.parent.name}/{p.name}" for p in EXAMPLES])
def test_a_page_is_short_enough_to_read_at_one_sitting(script):
    limit = MAX_LINES["exercises" if script.stem.endswith("_exercises") else "page"]
    lines = len(script.read_text(encoding="utf-8").splitlines())
    assert lines <= limit, (f"{script.name} has {lines} lines, more than {limit}: say things once, move reusable "
                            "code into tutorial_utils, or split the page")
