#!/usr/bin/env python3
"""Tables found by Camelot on each PDF of DIR with one flavor for every
document (as a Camelot user picks one), written as OUT/<name>.json for
`icdar_score --predicted OUT` (see tables_json.py). Spanned cells come back
as "" after the first, which the scorer skips like a null.
Optional comparison, outside CI: needs `pip install camelot-py`.
Usage: scripts/camelot_tables.py DIR OUT [lattice|stream|network|hybrid|auto]"""

import warnings

import camelot

from tables_json import run

# Camelot warns on every page without a table; the scores say enough.
warnings.filterwarnings("ignore")


def tables_of(pdf_path, flavor):
    for table in camelot.read_pdf(str(pdf_path), pages="all", flavor=flavor):
        yield int(table.page), table.df.values.tolist()


run(tables_of, ["lattice", "stream", "network", "hybrid", "auto"])
