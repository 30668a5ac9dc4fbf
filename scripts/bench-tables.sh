#!/bin/sh
# Speed of table extraction over the same PDFs: foi-extract
# (`inspect FILE --tables-csv DIR`, one process per file as a user runs it;
# and, as foi-extract-1proc, all files in the one process of the ICDAR scorer)
# against pdfplumber, Camelot (lattice, stream) and Tabula (default guess
# mode), each run as ONE Python process over the whole folder so start-up
# and imports count once, and `pdftotext -layout` (no tables) as the
# baseline. Reports pages per second, their time / our time and time /
# pdftotext's time, in wall-clock and in CPU (user + system) time. A tool
# that does not import is left out.
# Optional comparison, outside CI: needs hyperfine, pdfinfo and the Python
# tools (see scripts/compare-tables.sh).
# Usage: scripts/bench-tables.sh [DIR]   (default: the ICDAR 2013 EU PDFs)
# Env: SLOW_RUNS (default 1) runs of Camelot and Tabula; FAST_RUNS
# (default 5) of the others.
set -eu
cd "$(dirname "$0")/.."
. scripts/common.sh
default=$(icdar_eu_dir)
dir=$(cd "${1:-$default}" && pwd)
cargo build --quiet --release --bin foi-extract --example icdar_score
bin=$PWD/target/release/foi-extract
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ls "$dir"/*.pdf > "$work/files"
pages=$(total_pages "$work/files")
echo "files: $(wc -l < "$work/files"), pages: $pages"

cat > "$work/foi-extract.sh" <<SH
rm -rf $work/out-ours
for f in \$(cat $work/files); do $bin inspect "\$f" --tables-csv $work/out-ours > /dev/null 2>&1 || true; done
SH
cat > "$work/pdftotext.sh" <<SH
for f in \$(cat $work/files); do pdftotext -layout "\$f" /dev/null 2>/dev/null || true; done
SH
# Ours in one process too: the scorer reads every PDF with our reader and
# table finder (its scoring is a small part of its time).
set -- -n foi-extract "sh $work/foi-extract.sh" -n pdftotext "sh $work/pdftotext.sh" \
    -n foi-extract-1proc "$PWD/target/release/examples/icdar_score $dir"
if python3 -c "import pdfplumber" 2> /dev/null; then
    set -- "$@" -n pdfplumber "python3 scripts/pdfplumber_tables.py $dir $work/out-pdfplumber"
fi
hyperfine --warmup 1 --runs "${FAST_RUNS:-5}" --export-json "$work/fast.json" "$@"

set --
if python3 -c "import camelot" 2> /dev/null; then
    for flavor in lattice stream; do
        set -- "$@" -n "camelot-$flavor" \
            "python3 scripts/camelot_tables.py $dir $work/out-camelot-$flavor $flavor"
    done
fi
if python3 -c "import tabula" 2> /dev/null; then
    set -- "$@" -n tabula "python3 scripts/tabula_tables.py $dir $work/out-tabula default"
fi
if [ $# -gt 0 ]; then
    hyperfine --runs "${SLOW_RUNS:-1}" --export-json "$work/slow.json" "$@"
fi

python3 - "$pages" "$work"/*.json <<'PY'
import json, sys
pages = int(sys.argv[1])
wall, cpu = {}, {}
for path in sys.argv[2:]:
    for r in json.load(open(path))["results"]:
        wall[r["command"]] = r["mean"]
        cpu[r["command"]] = r["user"] + r["system"]
print(f"\n{'tool':<16} {'wall s':>7} {'pages/s':>8} {'/ ours':>7} {'/ pdftotext':>11}"
      f" {'cpu s':>7} {'/ ours':>7} {'/ pdftotext':>11}")
for tool in wall:
    w, c = wall[tool], cpu[tool]
    print(f"{tool:<16} {w:>7.2f} {pages / w:>8.1f} {w / wall['foi-extract']:>6.1f}x"
          f" {w / wall['pdftotext']:>10.2f}x {c:>7.2f} {c / cpu['foi-extract']:>6.1f}x"
          f" {c / cpu['pdftotext']:>10.2f}x")
print("(/ ours = the tool's time / foi-extract's time, / pdftotext likewise; cpu = user +"
      " system, steadier than wall time on a busy machine)")
PY
