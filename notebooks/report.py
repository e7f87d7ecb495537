"""Executes notebooks on one results folder and writes them as one self-contained HTML page.

    /usr/bin/python3 notebooks/report.py --out PAGE.html [--title T] [--note TEXT ...] NOTEBOOK.ipynb ...

`bin/sweep report OUT/<sweep>` chooses the notebooks and runs this. Each notebook runs as with
run_notebooks.py (nbclient, a private kernel of this Python, the environment passed on:
RELUSPEC_RESULTS, RELUSPEC_GRID, ...). The page holds the notebooks' text and outputs, code
left out, figures inline as base64 PNG: it loads nothing from elsewhere, so it can be mailed or
opened offline. It says which notebooks ran, how long each took and which failed (a failed
notebook's outputs up to the error are kept). Written atomically; exit status 1 if a notebook
failed (the page is written all the same).
"""
import argparse
import datetime
import html
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from nbconvert import HTMLExporter

from run_notebooks import execute, private_kernel

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1150px; margin: 2em auto; padding: 0 1em; color: #222; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1.5em; }
table.ran td, table.ran th { padding: 2px 10px; text-align: left; }
.ok { color: #1a7f37; } .failed { color: #c62828; font-weight: bold; }
section.notebook { border-top: 3px solid #888; margin-top: 2.5em; }
img { max-width: 100%; height: auto; }
pre { background: #f6f8fa; padding: 6px; overflow-x: auto; font-size: 85%; }
table.dataframe { border-collapse: collapse; font-size: 85%; margin: 0.5em 0; }
table.dataframe td, table.dataframe th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] pre { background: #fdecea; }
"""


def body_of(nb) -> str:
    """The notebook as HTML without code, prompts or anything loaded from elsewhere."""
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    if re.search(r"""<(script|link|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//""", body, re.I):
        raise RuntimeError("the exported notebook refers to a resource elsewhere; the report must be self-contained")
    return body


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True, help="the HTML page to write")
    ap.add_argument("--title", default="reluspec report")
    ap.add_argument("--note", action="append", default=[], help="a line for the page's header (repeatable)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = ap.parse_args()

    # Figures reach the page as the notebooks' display outputs: the inline backend, whatever MPLBACKEND says.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    ran, sections = [], []
    with tempfile.TemporaryDirectory(prefix="reluspec-kernel-") as tmp:
        private_kernel(Path(tmp))
        for path in args.notebooks:
            start = time.time()
            nb, error = execute(path, args.timeout)
            seconds = time.time() - start
            ran.append((path.stem, error, seconds))
            state = "ok" if error is None else "FAILED"
            print(f"{state:7} {path.name} ({seconds:.1f} s)" + ("" if error is None else f"\n{error}"), flush=True)
            sections.append(f'<section class="notebook" id="{html.escape(path.stem)}">'
                            f'<p><small>notebook <code>{html.escape(path.name)}</code></small></p>'
                            f"{body_of(nb)}</section>")

    rows = "".join(
        f'<tr><td><a href="#{html.escape(name)}">{html.escape(name)}.ipynb</a></td>'
        f'<td class="{"ok" if error is None else "failed"}">{"ok" if error is None else "failed"}</td>'
        f"<td>{seconds:.1f} s</td></tr>"
        for name, error, seconds in ran)
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in args.note)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(args.title)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{html.escape(args.title)}</h1>{notes}"
            f"<p>Notebooks that ran ({stamp}, Python {html.escape(sys.executable)}):</p>"
            f'<table class="ran" id="notebooks-ran"><tr><th>notebook</th><th>result</th><th>time</th></tr>{rows}</table>'
            f"</header>{''.join(sections)}</body></html>\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(f".{args.out.name}.tmp{os.getpid()}")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"wrote {args.out} ({len(page) / 1e6:.1f} MB)", flush=True)
    return 0 if all(error is None for _, error, _ in ran) else 1


if __name__ == "__main__":
    sys.exit(main())
