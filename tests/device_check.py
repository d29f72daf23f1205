"""Every doctest and every example with one default device in force: what ``nox -s doctest`` runs.

Usage: ``python tests/device_check.py {cpu,cuda} [--full-data] [--report report.json]``.

First the doctests of ``tutorial_utils`` and of the MyST pages, then each example as its own
process (``tests/run_on_device.py``), all with DeprecationWarning and FutureWarning as errors,
so a page never teaches an API on its way out. Every example runs even after one fails; the
summary names each failure, and the exit status is non-zero if anything failed. Asking for
``cuda`` where PyTorch sees no GPU fails at once with a message that says so. With
``--full-data`` the examples load a full-size MNIST stand-in (``tests/mnist_standin.py``)
written into a temporary folder, as readers with internet get full MNIST.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STRICT = ("-W", "error::DeprecationWarning", "-W", "error::FutureWarning")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("device", choices=["cpu", "cuda"])
    parser.add_argument("--report", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--jobs", type=int, default=1, help="examples to run at the same time (default 1)")
    parser.add_argument("--full-data", action="store_true", help="run the examples on a full-size MNIST stand-in")
    args = parser.parse_args()
    if args.full_data:
        with tempfile.TemporaryDirectory(prefix="full-mnist-") as folder:
            from mnist_standin import write_standin

            write_standin(Path(folder))
            os.environ["TUTORIAL_DATA_DIR"] = folder
            return check(args)
    return check(args)


def check(args: argparse.Namespace) -> int:
    """Run the doctests and every example; print and return the summary's exit status."""
    import torch

    from tutorial_utils import get_device

    try:
        device = get_device(args.device)
    except RuntimeError as error:
        print(f"device_check: {error}", file=sys.stderr)
        return 2
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    data = "full-size MNIST stand-in" if args.full_data else "the data load_mnist finds"
    print(f"device_check: torch {torch.__version__} on {name}, {data}", flush=True)
    env = {**os.environ, "MPLBACKEND": "Agg", "TUTORIAL_DEVICE": args.device, "TQDM_DISABLE": "1"}
    results: dict[str, dict[str, object]] = {}

    def run(label: str, command: list[str]) -> None:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        ok = done.returncode == 0
        results[label] = {"ok": ok, "seconds": round(seconds, 2)}
        if not ok:
            results[label]["error"] = (done.stdout[-1500:] + done.stderr[-3000:]).strip()
        print(f"{'ok  ' if ok else 'FAIL'} {seconds:6.1f} s  {label}", flush=True)

    pages = sorted(str(page.relative_to(ROOT)) for page in (ROOT / "docs").glob("*.md"))
    run("doctests", [sys.executable, *STRICT, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                     "--doctest-modules", "--doctest-glob=*.md", "tutorial_utils", *pages])
    scripts = sorted((ROOT / "examples").glob("*/*.py"))
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(lambda script: run(
            script.relative_to(ROOT / "examples").as_posix(),
            [sys.executable, *STRICT, str(ROOT / "tests" / "run_on_device.py"), args.device, str(script)]), scripts))

    failed = [label for label, result in results.items() if not result["ok"]]
    for label in failed:
        print(f"\n--- {label} ---\n{results[label]['error']}")
    print(f"\ndevice_check: {len(results) - len(failed)} of {len(results)} passed on {name}")
    if args.report:
        report = {"device": name, "torch": torch.__version__, "python": sys.version.split()[0],
                  "full_data": args.full_data, "results": results}
        args.report.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
