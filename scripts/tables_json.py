"""Shared by scripts/*_tables.py: run one tool's table extraction over every
PDF of a folder in this one Python process and write OUT/<name>.json =
[{"page": n, "rows": [[cell text or null]]}], the format that
`icdar_score --predicted OUT` scores (a null is a cell covered by a span).
A file the tool fails on is written as no tables and named on stderr: that
is what its user would get."""

import json
import pathlib
import sys


def run(tables_of, modes):
    """tables_of(pdf_path, mode) yields (page, rows) for each table found.
    Command line: DIR OUT [MODE], MODE one of `modes` (the first by default)."""
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] not in modes):
        sys.exit(f"usage: {sys.argv[0]} DIR OUT [{'|'.join(modes)}]")
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) == 4 else modes[0]
    out.mkdir(parents=True, exist_ok=True)
    for pdf_path in sorted(src.glob("*.pdf")):
        try:
            tables = [{"page": page, "rows": rows} for page, rows in tables_of(pdf_path, mode)]
        except Exception as e:  # noqa: BLE001 - any failure of the tool counts as no tables
            print(f"{pdf_path.name}: {type(e).__name__}: {e}", file=sys.stderr)
            tables = []
        (out / f"{pdf_path.stem}.json").write_text(json.dumps(tables))
