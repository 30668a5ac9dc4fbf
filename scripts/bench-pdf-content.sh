#!/bin/sh
# Memory and time of reading one long PDF content stream: `foi-extract
# inspect` against `pdftotext` (the baseline) on the same generated one-page
# PDFs (scripts/long-content-pdf.py: N MB of Tj/TJ/re/l operators). Peak
# resident memory from /usr/bin/time -v, wall time from hyperfine (median of
# RUNS); prints ours, pdftotext's and the ratio ours / pdftotext.
# A measurement, not a test: the tests count work instead of timing it.
# Usage: scripts/bench-pdf-content.sh [SIZE_MB ...]   (default: 10 33)
# Env: RUNS (default 3); BIN, a foi-extract binary to measure instead of
# this checkout's release build (e.g. another branch's, for before/after).
set -eu
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
    cargo build --quiet --release --bin foi-extract
    BIN=$PWD/target/release/foi-extract
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- 10 33

# Peak resident memory of a command, in MiB.
peak_mib() {
    /usr/bin/time -v "$@" > /dev/null 2> "$work/time" || true
    awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}' "$work/time"
}

printf '%-6s %-12s %10s %10s\n' MB tool seconds MiB
for mb in "$@"; do
    pdf=$work/content-$mb.pdf
    python3 scripts/long-content-pdf.py "$mb" "$pdf"
    ours=$(peak_mib "$BIN" inspect "$pdf")
    theirs=$(peak_mib pdftotext "$pdf" /dev/null)
    hyperfine --style none --runs "${RUNS:-3}" --export-json "$work/t.json" \
        -n foi-extract "$BIN inspect $pdf" \
        -n pdftotext "pdftotext $pdf /dev/null" > /dev/null
    python3 - "$work/t.json" "$mb" "$ours" "$theirs" <<'PY'
import json, sys
runs = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
mb, ours, theirs = sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
a, b = runs["foi-extract"], runs["pdftotext"]
print(f"{mb:<6} {'foi-extract':<12} {a:>10.2f} {ours:>10.0f}")
print(f"{mb:<6} {'pdftotext':<12} {b:>10.2f} {theirs:>10.0f}")
print(f"{mb:<6} {'ratio':<12} {a / b:>10.2f} {ours / theirs:>10.1f}")
PY
done
