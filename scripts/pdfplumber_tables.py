#!/usr/bin/env python3
"""Tables found by pdfplumber (default settings) on each PDF of DIR, written
as OUT/<name>.json = [{"page": n, "rows": [[cell text or null]]}], for
`icdar_score --predicted OUT` to score with the same measure as ours.
Optional comparison, outside CI: needs `pip install pdfplumber`.
Usage: scripts/pdfplumber_tables.py DIR OUT"""

import json
import pathlib
import sys

import pdfplumber

src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for pdf_path in sorted(src.glob("*.pdf")):
    tables = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for rows in page.extract_tables():
                tables.append({"page": page.page_number, "rows": rows})
    (out / f"{pdf_path.stem}.json").write_text(json.dumps(tables))
