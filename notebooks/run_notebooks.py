"""Executes notebooks end to end without Jupyter's UI (the test command does, and so can you).

    /usr/bin/python3 notebooks/run_notebooks.py [--out DIR] [--timeout S] NOTEBOOK.ipynb ...

Each notebook runs with nbclient in a kernel of THIS Python (a private kernel spec pointing at
sys.executable, so that a python3 kernel registered elsewhere cannot take its place), with its
own folder as the working directory; the environment (RELUSPEC_RESULTS, RELUSPEC_FIGURES, ...)
is passed on. Executed copies go to --out. Exit status 1 and the failing cell's error if any
cell fails, and if a kernel ran another interpreter than this one.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

KERNEL = "reluspec-python3"


def private_kernel(root: Path) -> None:
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python 3 ({sys.executable})", "language": "python"}))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ["JUPYTER_PATH"] = str(root) + os.pathsep + os.environ.get("JUPYTER_PATH", "")


def execute(path: Path, timeout: int):
    """Runs one notebook in the private kernel (private_kernel() first); returns it and None, or
    what it holds so far and the error (the failing cell's, or a kernel running another Python)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys as _s; print('kernel-python:', _s.executable)"))
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(path.resolve().parent)}})
    error = None
    try:
        client.execute()
        probe = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
        if f"kernel-python: {sys.executable}" not in probe:
            error = f"the kernel ran another Python: {probe.strip()} (expected {sys.executable})"
    except CellExecutionError as e:
        error = str(e)
    nb.cells.pop()
    return nb, error


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, help="folder for the executed copies (default: none kept)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = ap.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="reluspec-kernel-") as tmp:
        private_kernel(Path(tmp))
        for path in args.notebooks:
            start = time.time()
            nb, error = execute(path, args.timeout)
            if error is None:
                print(f"ok      {path.name} ({time.time() - start:.1f} s)", flush=True)
            else:
                failed += 1
                print(f"FAILED  {path.name} ({time.time() - start:.1f} s)\n{error}", flush=True)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                nbformat.write(nb, args.out / path.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
