#!/usr/bin/env python3
"""Tables found by pdfplumber (default settings) on each PDF of DIR, written
as OUT/<name>.json for `icdar_score --predicted OUT` (see tables_json.py).
Optional comparison, outside CI: needs `pip install pdfplumber`.
Usage: scripts/pdfplumber_tables.py DIR OUT"""

import pdfplumber

from tables_json import run


def tables_of(pdf_path, _mode):
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for rows in page.extract_tables():
                yield page.page_number, rows


run(tables_of, ["default"])
