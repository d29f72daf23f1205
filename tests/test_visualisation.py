"""The visualisation chapter logs to a real Visdom server and writes real TensorBoard files.

Each example runs as its own process, as a learner would run it; the test then reads back,
through the tools' own interfaces, what arrived, and compares it with what the page printed.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paths import ROOT

CHAPTER = ROOT / "examples" / "07_visualising_training"
#: A page must not teach an API on its way out: deprecation warnings fail the run.
STRICT_WARNINGS = ("-W", "error::DeprecationWarning", "-W", "error::FutureWarning")
VISDOM_ENV = "test_visualisation"
TOLERANCE = 5e-5  # the pages print 4 decimals


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_example(name: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # One thread: the tests compare a run with itself, and a busy machine slows it down less.
    full_env = {**os.environ, "MPLBACKEND": "Agg", "TQDM_DISABLE": "1", "TUTORIAL_DEVICE": "cpu",
                "OMP_NUM_THREADS": "1", **env}
    result = subprocess.run(
        [sys.executable, *STRICT_WARNINGS, str(CHAPTER / name)],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"{name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result


def printed_floats(pattern: str, stdout: str) -> dict[int, float]:
    """Map the integer of each match of ``pattern`` (two groups) to the float after it."""
    return {int(key): float(value) for key, value in re.findall(pattern, stdout)}


@pytest.fixture
def visdom_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A Visdom server on 127.0.0.1 that never touches the network.

    ``python -m visdom.server`` first downloads the browser page's scripts, which fails
    offline; ``run_server.main`` starts the server without that step.
    """
    port, env_path, log = free_port(), tmp_path / "visdom_envs", tmp_path / "visdom_server.log"
    env_path.mkdir()
    argv = ["visdom", "-port", str(port), "--hostname", "127.0.0.1", "-bind_local",
            "-env_path", str(env_path), "-logging_level", "WARNING"]
    code = f"import sys; from visdom.server.run_server import main; sys.argv = {argv!r}; main()"
    with log.open("w") as log_file:
        server = subprocess.Popen([sys.executable, "-c", code], stdout=log_file, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail(f"the Visdom server exited with {server.returncode}:\n{log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the Visdom server did not answer on port {port} within 30 s:\n{log.read_text()}")
                time.sleep(0.1)
        yield port, env_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def visdom_client(port: int):
    from visdom import Visdom

    return Visdom(server="http://127.0.0.1", port=port, env=VISDOM_ENV, use_incoming_socket=False,
                  raise_exceptions=True)


def trace(window: dict) -> tuple[list[float], list[float]]:
    (line,) = window["content"]["data"]
    return line["x"], line["y"]


@pytest.mark.filterwarnings("ignore:The 'warn' method is deprecated:DeprecationWarning")
def test_visdom_example_sends_its_curves_images_and_text_to_a_running_server(visdom_server, tmp_path):
    port, env_path = visdom_server
    client = visdom_client(port)
    assert client.check_connection(timeout_seconds=1)
    # What an earlier run left in the window: the example must replace it, not append to it.
    client.line(Y=[9.0, 9.0, 9.0], X=[0, 1, 2], win="train_loss", env=VISDOM_ENV)

    result = run_example("02_visdom_training.py", tmp_path, VISDOM_SERVER="http://127.0.0.1", VISDOM_PORT=str(port),
                         VISDOM_ENV=VISDOM_ENV)
    out = result.stdout
    assert f"Visdom server: http://127.0.0.1:{port}\nconnected: True\nenvironment: {VISDOM_ENV}" in out, out
    assert "logging to VisdomBoard" in out
    n_steps = int(re.search(r"train_loss: (\d+) points", out).group(1))
    printed_losses = printed_floats(r"step +(\d+)  loss ([\d.]+)", out)
    printed_accuracies = printed_floats(r"epoch (\d+)  test accuracy ([\d.]+)", out)
    last_loss = float(re.search(r"train_loss: \d+ points, first [\d.]+, last ([\d.]+)", out).group(1))
    assert n_steps == 96 and len(printed_losses) == 6 and sorted(printed_accuracies) == [1, 2, 3]

    windows = {win: json.loads(client.get_window_data(win, env=VISDOM_ENV))
               for win in ("train_loss", "test_acc", "digits", "summary")}
    x, y = trace(windows["train_loss"])
    assert x == list(range(n_steps)) and len(y) == n_steps and 9.0 not in y
    for step, loss in printed_losses.items():
        assert y[step] == pytest.approx(loss, abs=TOLERANCE), step
    assert y[-1] == pytest.approx(last_loss, abs=TOLERANCE)
    x, y = trace(windows["test_acc"])
    assert x == [1, 2, 3]
    assert y == pytest.approx([printed_accuracies[e] for e in (1, 2, 3)], abs=TOLERANCE)
    assert windows["digits"]["type"] == "image"
    assert windows["digits"]["content"]["src"].startswith("data:image/png;base64,")
    assert windows["summary"]["type"] == "text"
    assert f"test accuracy {printed_accuracies[3]:.4f}" in windows["summary"]["content"]

    # viz.save([env]) made the server write the environment to its env_path.
    saved = json.loads((env_path / f"{VISDOM_ENV}.json").read_text())["jsons"]
    assert set(saved) == {"train_loss", "test_acc", "digits", "summary"}
    assert trace(saved["train_loss"]) == trace(windows["train_loss"])
    assert result.stderr == ""


def test_visdom_example_says_so_and_draws_with_matplotlib_without_a_server(tmp_path):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    result = run_example("02_visdom_training.py", tmp_path, VISDOM_SERVER="http://127.0.0.1", VISDOM_PORT=str(port))
    assert time.monotonic() - started < 90
    out = result.stdout
    assert f"Visdom server: http://127.0.0.1:{port}\nconnected: False\n" in out, out
    assert "logging to MatplotlibBoard" in out
    assert re.search(r"test_acc: \[[\d., ]+\]", out)
    assert "Traceback" not in result.stderr and "Exception in user code" not in out


def test_tensorboard_example_writes_event_files_that_read_back_as_printed(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    logdir = tmp_path / "tensorboard"
    result = run_example("03_tensorboard.py", tmp_path, TUTORIAL_TB_LOGDIR=str(logdir))
    out = result.stdout
    assert "log directory kept: True" in out
    n_steps = int(re.search(r"(\d+) loss points", out).group(1))
    printed_accuracies = printed_floats(r"epoch (\d+)  test accuracy ([\d.]+)", out)
    first, last = map(float, re.search(r"train loss: first ([\d.]+), last ([\d.]+)", out).groups())

    events = EventAccumulator(str(logdir), size_guidance={"scalars": 0, "images": 0})
    events.Reload()
    tags = events.Tags()
    assert sorted(tags["scalars"]) == ["accuracy/test", "loss/train"]
    losses = events.Scalars("loss/train")
    assert n_steps == 96 and [e.step for e in losses] == list(range(n_steps))
    assert losses[0].value == pytest.approx(first, abs=TOLERANCE)
    assert losses[-1].value == pytest.approx(last, abs=TOLERANCE)
    accuracies = events.Scalars("accuracy/test")
    assert [e.step for e in accuracies] == [1, 2, 3]
    assert [e.value for e in accuracies] == pytest.approx([printed_accuracies[e] for e in (1, 2, 3)], abs=TOLERANCE)

    assert tags["images"] == ["digits"]
    (image,) = events.Images("digits")
    assert image.encoded_image_string.startswith(b"\x89PNG")
    assert tags["graph"]
    node_ops = {node.op for node in events.Graph().node}
    assert "aten::linear" in node_ops and "aten::relu" in node_ops, node_ops
