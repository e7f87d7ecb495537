"""Load a reluspec results folder (OUT/<sweep>/) into pandas DataFrames.

One loader for every notebook:

- with pyarrow installed, the Parquet datasets are read directly (the committed files only,
  with the same rules as ``bin/sweep show``: see docs/SCHEMA.md, "Files and commits");
- without it, the datasets are exported once through the project's own JVM command
  (``bin/sweep export RESULTS --to CACHE``, JSON lines), cached next to the results in
  ``OUT/<sweep>.export/`` and exported again when the results are newer than the cache.

Either way a dataset is a DataFrame with the columns of docs/SCHEMA.md, the same dtypes
(integers with nulls become floats, as pyarrow does) and array columns as numpy arrays.

Environment:
  RELUSPEC_RESULTS   results folder (each notebook's first cell reads it)
  RELUSPEC_FIGURES   where figures (PNG) and the numbers behind them (CSV) go;
                     default OUT/<sweep>.figures/, next to the results
  RELUSPEC_READER    auto (default), pyarrow or export
  RELUSPEC_SWEEP     the command that runs the reluspec CLI (default: bin/sweep of this checkout)
  RELUSPEC_EXPORT    where the export cache goes (default OUT/<sweep>.export/)
  RELUSPEC_GRID      keep only the runs of one grid, chosen by parameter values, e.g.
                     'm=10,multi=1,2' (m is 10 and multi is 1 or 2); default: every run
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

DATASETS = ("runs", "epochs", "nodes", "students")
"""The run datasets, always present in a results folder."""
OPTIONAL = ("complexity/probes", "complexity/cells")
"""Datasets of the sample-complexity search, present only where it ran."""

_PART = re.compile(r"part-(\d{6})-(\d{6})\.parquet$")
_REPO = Path(__file__).resolve().parent.parent


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
        return True
    except ImportError:
        return False


def load(results: str | os.PathLike, reader: str | None = None, grid: str | None = None) -> "Results":
    """Opens a results folder and prints a one-line summary of what it holds.

    ``grid`` (default: the RELUSPEC_GRID environment variable) keeps only the runs whose
    parameters take the given values, in every dataset; see :func:`parse_grid`.
    """
    res = Results(results, reader, grid)
    print(res.summary())
    return res


def parse_grid(text: str) -> dict[str, list[str]]:
    """``'m=10,multi=1,2,ks=[5,6]'`` -> ``{'m': ['10'], 'multi': ['1', '2'], 'ks': ['[5,6]']}``.

    Pairs are separated by commas (or spaces); a value without ``=`` adds a value to the
    parameter before it, as in the command line's overrides. Commas inside brackets belong to
    an array value.
    """
    tokens, depth, cur = [], 0, ""
    for ch in text.strip():
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch in ", " and depth == 0:
            if cur:
                tokens.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        tokens.append(cur)
    out: dict[str, list[str]] = {}
    key = None
    for t in tokens:
        if "=" in t:
            key, value = t.split("=", 1)
            key = key.strip()
            if not key or not value:
                raise ValueError(f"RELUSPEC_GRID={text!r}: '{t}' is not key=value")
            out.setdefault(key, []).append(value.strip())
        elif key is None:
            raise ValueError(f"RELUSPEC_GRID={text!r}: '{t}' comes before any key=value")
        else:
            out[key].append(t.strip())
    return out


def _matches(column: pd.Series, values: list[str]) -> pd.Series:
    """Whether each entry of a runs column equals one of the values as the command line writes them."""
    def norm(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, (np.ndarray, list, tuple)):
            return tuple(float(x) for x in v)
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        if isinstance(v, (int, float, np.integer, np.floating)):
            return float(v)
        return str(v)

    def parse(text: str):
        t = text.strip().strip("'\"")
        if t.startswith("["):
            return tuple(float(x) for x in t.strip("[]").split(",") if x.strip())
        if t.lower() in ("true", "false"):
            return t.lower() == "true"
        try:
            return float(t)
        except ValueError:
            return t

    wanted = {parse(v) for v in values}
    return column.map(lambda v: norm(v) in wanted or str(v) in values)


class Results:
    """The datasets of one results folder, read on first use: ``res.runs``, ``res["complexity/cells"]``."""

    def __init__(self, results: str | os.PathLike, reader: str | None = None, grid: str | None = None):
        self.path = Path(results).expanduser().resolve()
        if not (self.path / "sweep.yaml").is_file():
            raise FileNotFoundError(
                f"{self.path}: not a reluspec results folder (no sweep.yaml). Set RELUSPEC_RESULTS or the "
                f"first cell to OUT/<sweep-name>, e.g. results/quickstart after `bin/sweep run conf/quickstart.yaml`.")
        reader = (reader or os.environ.get("RELUSPEC_READER") or "auto").lower()
        if reader == "auto":
            reader = "pyarrow" if _has_pyarrow() else "export"
        if reader not in ("pyarrow", "export"):
            raise ValueError(f"RELUSPEC_READER={reader}: expected auto, pyarrow or export")
        self.reader = reader
        self._cache: dict[str, pd.DataFrame | None] = {}
        self._export: Path | None = None
        self.grid = (os.environ.get("RELUSPEC_GRID", "") if grid is None else grid).strip()
        self._grid = parse_grid(self.grid) if self.grid else {}
        self._all_runs = 0
        self.figures = Path(os.environ.get("RELUSPEC_FIGURES") or self.path.parent / (self.path.name + ".figures"))
        self.figures.mkdir(parents=True, exist_ok=True)

    # ---- datasets -------------------------------------------------------------------------
    @property
    def runs(self) -> pd.DataFrame:
        return self["runs"]

    @property
    def epochs(self) -> pd.DataFrame:
        return self["epochs"]

    @property
    def nodes(self) -> pd.DataFrame:
        return self["nodes"]

    @property
    def students(self) -> pd.DataFrame:
        return self["students"]

    def has(self, name: str) -> bool:
        """Whether the dataset is in the folder (the optional ones may not be)."""
        return self.get(name) is not None

    def __getitem__(self, name: str) -> pd.DataFrame:
        df = self.get(name)
        if df is None:
            raise KeyError(f"{self.path}: no dataset {name}")
        return df

    def get(self, name: str) -> pd.DataFrame | None:
        """The dataset as a DataFrame, or None if the folder does not hold it (RELUSPEC_GRID applied)."""
        if name not in self._cache:
            df = self._read_pyarrow(name) if self.reader == "pyarrow" else self._read_export(name)
            self._cache[name] = self._select(name, df)
        return self._cache[name]

    def _select(self, name: str, df: pd.DataFrame | None) -> pd.DataFrame | None:
        """Keeps the runs of the selected grid: runs by their parameters, other datasets by run_id."""
        if not self._grid or df is None:
            return df
        if name == "runs":
            self._all_runs = len(df)
            if len(df) == 0:
                return df
            params = self.parameters(df)
            keep = pd.Series(True, index=df.index)
            for key, values in self._grid.items():
                if key not in params:
                    close = difflib.get_close_matches(key, params, n=3)
                    raise ValueError(f"RELUSPEC_GRID: '{key}' is not a parameter of this folder's runs"
                                     + (f"; did you mean {' or '.join(close)}?" if close else ""))
                keep &= _matches(df[key], values)
            return df[keep].reset_index(drop=True)
        if "run_id" in df.columns:
            return df[df.run_id.isin(set(self.runs.run_id))].reset_index(drop=True)
        return df

    # ---- pyarrow ------------------------------------------------------------------------
    def _files(self, name: str) -> list[Path]:
        """Committed files: for the run datasets, those named like a maximal runs file."""
        folder = self.path / name
        if not folder.is_dir():
            return []
        if name not in DATASETS:
            return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith(("_", ".")))
        ranges = []
        for p in (self.path / "runs").glob("part-*.parquet"):
            m = _PART.match(p.name)
            if m:
                ranges.append((int(m.group(1)), int(m.group(2))))
        maximal = [r for r in ranges
                   if not any(o != r and o[0] <= r[0] and r[1] <= o[1] for o in ranges)]
        files = [folder / f"part-{a:06d}-{b:06d}.parquet" for a, b in sorted(maximal)]
        return [f for f in files if f.exists()]

    def _read_pyarrow(self, name: str) -> pd.DataFrame | None:
        import pyarrow as pa
        import pyarrow.parquet as pq
        files = self._files(name)
        if not files:
            return None if name not in DATASETS else pd.DataFrame()
        table = pa.concat_tables([pq.read_table(f) for f in files])
        df = table.to_pandas()
        for field in table.schema:
            if pa.types.is_list(field.type):
                df[field.name] = [None if v is None else np.asarray(v) for v in df[field.name]]
        return df

    # ---- export through the JVM ---------------------------------------------------------
    def _export_dir(self) -> Path:
        if self._export is not None:
            return self._export
        target = Path(os.environ.get("RELUSPEC_EXPORT") or self.path.parent / (self.path.name + ".export"))
        if not os.access(target.parent if not target.exists() else target, os.W_OK):
            digest = hashlib.sha1(str(self.path).encode()).hexdigest()[:12]
            target = Path.home() / ".cache" / "reluspec" / "export" / f"{self.path.name}-{digest}"
        stamp = target / "_schema.json"
        newest = max((p.stat().st_mtime for p in self.path.rglob("*") if p.is_file()), default=0.0)
        if not stamp.exists() or stamp.stat().st_mtime < newest:
            self._run_export(target)
        self._export = target
        return target

    def _sweep_command(self) -> list[str]:
        cmd = os.environ.get("RELUSPEC_SWEEP")
        if cmd:
            return shlex.split(cmd)
        launcher = _REPO / "bin" / "sweep"
        if not launcher.exists():
            raise RuntimeError("pyarrow is not installed and bin/sweep is not found next to the notebooks: "
                               "install pyarrow, or set RELUSPEC_SWEEP to the reluspec command line")
        return [str(launcher)]

    def _run_export(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.parent / f".{target.name}.tmp{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        cmd = self._sweep_command() + ["export", str(self.path), "--to", str(tmp), "--format", "jsonl"]
        print(f"pyarrow not available: exporting {self.path.name} with `{' '.join(cmd[-6:])}` ...", flush=True)
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise RuntimeError(f"export failed (exit {done.returncode}): {' '.join(cmd)}\n{done.stderr[-4000:]}")
        if target.exists():
            shutil.rmtree(target)
        os.rename(tmp, target)

    def _read_export(self, name: str) -> pd.DataFrame | None:
        folder = self._export_dir()
        schema = json.loads((folder / "_schema.json").read_text())
        if name not in schema:
            return None
        columns = schema[name]
        rows = []
        with open(folder / f"{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                rows.append(json.loads(line))  # json reads the bare NaN / Infinity tokens
        names = [c["name"] for c in columns]
        df = pd.DataFrame.from_records(rows, columns=names) if rows else pd.DataFrame(columns=names)
        for c in columns:
            df[c["name"]] = _as_type(df[c["name"]], c["type"])
        return df

    # ---- conveniences for the notebooks -------------------------------------------------
    def parameters(self, runs: pd.DataFrame | None = None) -> list[str]:
        """The parameter columns of runs (between `error` and `final_epoch`, as in docs/SCHEMA.md)."""
        cols = list((self.runs if runs is None else runs).columns)
        return cols[cols.index("error") + 1: cols.index("final_epoch")]

    def with_parameters(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` (with a run_id column) joined with its run's status and parameters."""
        runs = self.runs.set_index("run_id")[["status"] + self.parameters()]
        return df.join(runs, on="run_id", how="inner")

    def epochs_long(self) -> pd.DataFrame:
        """Long format: one row per run x epoch x teacher node of the lowest hidden layer.

        Columns: run_id, epoch, teacher_node, the per-node read-outs of that epoch
        (best_corr_eval, best_corr_train, best_student_eval), the epoch's train_loss, eval_loss
        and learning rate (epoch_lr), the teacher node's fanout_norm (from nodes), then the run's status and
        parameters. Epochs without per-node read-outs (none, or a diverged epoch) are left out.
        """
        per_node = ("best_corr_eval", "best_corr_train", "best_student_eval")
        e = self.epochs
        if e.empty:
            return pd.DataFrame(columns=["run_id", "epoch", "teacher_node", *per_node,
                                         "train_loss", "eval_loss", "epoch_lr", "fanout_norm"])
        lengths = e.best_corr_eval.map(lambda v: 0 if v is None else len(v)).to_numpy()
        rows = np.repeat(np.arange(len(e)), lengths)
        long = pd.DataFrame({"run_id": e.run_id.to_numpy()[rows], "epoch": e.epoch.to_numpy()[rows],
                             "teacher_node": np.concatenate([np.arange(n) for n in lengths]) if len(rows) else []})
        for c in per_node:
            parts = [np.asarray(v, dtype=float) if v is not None and len(v) == n else np.full(n, np.nan)
                     for v, n in zip(e[c], lengths) if n]
            long[c] = np.concatenate(parts) if parts else []
        for c in ("train_loss", "eval_loss"):
            long[c] = e[c].to_numpy()[rows]
        long["epoch_lr"] = e["lr"].to_numpy()[rows]  # the rate in force; the parameter lr may be a schedule
        fanout = self.nodes[self.nodes.layer == 0].set_index(["run_id", "teacher_node"]).fanout_norm
        long = long.join(fanout, on=["run_id", "teacher_node"])
        return self.with_parameters(long).reset_index(drop=True)

    def nodes_long(self) -> pd.DataFrame:
        """``nodes`` (one row per run x layer x teacher node, final read-outs) with the run's parameters."""
        return self.with_parameters(self.nodes).reset_index(drop=True)

    def experiment_runs(self, experiment: str) -> pd.DataFrame:
        """The runs of one experiment; when there are none, says plainly what the folder holds."""
        runs = self.runs
        mine = runs[runs.experiment == experiment] if len(runs) else runs
        if len(mine) == 0:
            held = runs.experiment.value_counts().to_dict() if len(runs) else {}
            what = ", ".join(f"{n} {e} runs" for e, n in held.items()) or "no runs"
            print(f"No {experiment} runs in {self.path}" + (f" (grid {self.grid})" if self.grid else "")
                  + f": this folder holds {what}. Nothing to plot here: point RELUSPEC_RESULTS at the "
                  f"results folder of a {experiment} sweep.")
        return mine

    def varying(self, runs: pd.DataFrame | None = None, exclude=("seed",)) -> dict[str, list]:
        """Parameters that take more than one value among ``runs``: name -> sorted values."""
        runs = self.runs if runs is None else runs
        out = {}
        for p in self.parameters():
            if p in exclude:
                continue
            values = runs[p].map(lambda v: tuple(v) if isinstance(v, np.ndarray) else v).dropna().unique()
            if len(values) > 1:
                out[p] = sorted(values)
        return out

    def savefig(self, fig, name: str) -> Path:
        """Saves a figure as FIGURES/<name>.png and returns the path."""
        path = self.figures / f"{name}.png"
        fig.savefig(path, dpi=100, bbox_inches="tight")
        return path

    def save_numbers(self, name: str, df: pd.DataFrame) -> Path:
        """Saves the numbers behind a figure as FIGURES/<name>.csv."""
        path = self.figures / f"{name}.csv"
        df.to_csv(path, index=False)
        return path

    def summary(self) -> str:
        runs = self.runs
        status = runs["status"].value_counts().to_dict() if len(runs) else {}
        extra = [n for n in OPTIONAL if self.has(n)]
        grid = f" (grid {self.grid}: {len(runs)} of {self._all_runs})" if self.grid else ""
        return (f"results {self.path}: {len(runs)} runs{grid} {status}"
                + (f", also {', '.join(extra)}" if extra else "")
                + f"; read with {self.reader}; python {sys.executable}; figures -> {self.figures}")


def _as_type(s: pd.Series, kind: str) -> pd.Series:
    """The dtype pyarrow's to_pandas would give a column of this type."""
    if kind.startswith("array<"):
        return s.map(lambda v: None if v is None else np.asarray(v, dtype=float if "double" in kind else np.int64))
    if kind in ("int", "bigint"):
        return s.astype("float64") if s.isna().any() else s.astype("int64")
    if kind in ("double", "float"):
        return s.astype("float64")
    if kind == "boolean":
        return s.astype(object) if s.isna().any() else s.astype(bool)
    return s.astype(object).where(s.notna(), None)
