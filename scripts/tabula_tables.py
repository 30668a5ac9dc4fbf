#!/usr/bin/env python3
"""Tables found by Tabula (tabula-py over tabula-java, in-process through
JPype so the JVM starts once) on each PDF of DIR, written as
OUT/<name>.json for `icdar_score --predicted OUT` (see tables_json.py),
with page null. Modes: `default` = tabula-py's guess=True with the method
decided per page by tabula-java; `lattice` and `stream` force the method
(still with guess=True).
Optional comparison, outside CI: needs `pip install tabula-py jpype1`, Java.
Usage: scripts/tabula_tables.py DIR OUT [default|lattice|stream]"""

import tabula

from tables_json import run


def tables_of(pdf_path, mode):
    tables = tabula.read_pdf(
        str(pdf_path),
        pages="all",
        output_format="json",
        lattice=mode == "lattice",
        stream=mode == "stream",
        silent=True,
    )
    for table in tables:
        rows = [[cell["text"] for cell in row] for row in table["data"]]
        # tabula-java's JSON does not say which page a table is on; the
        # scorer does not use the page.
        yield None, rows


run(tables_of, ["default", "lattice", "stream"])
