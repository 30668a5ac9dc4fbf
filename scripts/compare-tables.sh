#!/bin/sh
# Table-structure accuracy of foi-extract against pdfplumber, Camelot and
# Tabula on the same PDFs with the same scorer (ICDAR 2013 adjacency
# relations, examples/icdar_score.rs), one row per tool and mode. Camelot
# users pick one flavor per document, so each flavor is scored on all
# documents; "camelot best-of lattice/stream" takes, per document, the
# flavor that scored higher: an upper bound no user gets without the ground
# truth. A tool that does not import is left out.
# Optional comparison, outside CI: pip install pdfplumber camelot-py
# tabula-py jpype1 (Java for Tabula).
# Usage: scripts/compare-tables.sh [DIR [OUT]]   (OUT keeps the JSON and
# per-document scores; default target/table-compare)
set -eu
cd "$(dirname "$0")/.."
. scripts/common.sh
default=$(icdar_eu_dir)
dir=${1:-$default}
out=${2:-target/table-compare}
mkdir -p "$out"

runs=""
for run in pdfplumber:default camelot:lattice camelot:stream camelot:network \
    camelot:hybrid tabula:default tabula:lattice tabula:stream; do
    tool=${run%%:*}
    mode=${run#*:}
    python3 -c "import $tool" 2> /dev/null || { echo "skipped $tool: does not import"; continue; }
    name=$tool-$mode
    rm -rf "${out:?}/$name"
    python3 "scripts/${tool}_tables.py" "$dir" "$out/$name" "$mode" 2> "$out/$name.err" ||
        echo "$name failed, see $out/$name.err"
    runs="$runs $name"
done
scripts/icdar-score.sh "$dir" > "$out/ours.score"
for name in $runs; do
    scripts/icdar-score.sh "$dir" --predicted "$out/$name" > "$out/$name.score"
done
runs="ours $runs"

if [ -d "$out/camelot-lattice" ] && [ -d "$out/camelot-stream" ]; then
    # Per document, the JSON of the flavor with the higher F1 (the scorer's
    # fourth column), so the pooled figure is scored like the others.
    rm -rf "${out:?}/camelot-best"
    mkdir "$out/camelot-best"
    awk 'NF != 7 || $5 !~ /^[0-9]+$/ { next } NR == FNR { f1[$1] = $4; next } {
        print $1, (f1[$1] >= $4 ? "lattice" : "stream") }' \
        "$out/camelot-lattice.score" "$out/camelot-stream.score" | while read -r doc flavor; do
        cp "$out/camelot-$flavor/$doc.json" "$out/camelot-best/"
        echo "$doc $flavor"
    done > "$out/camelot-best.choice"
    scripts/icdar-score.sh "$dir" --predicted "$out/camelot-best" > "$out/camelot-best.score"
    runs="$runs camelot-best"
fi

printf '%-18s %6s %6s %6s   %6s %6s %6s\n' run meanP meanR meanF1 poolP poolR poolF1
for name in $runs; do
    label=$name
    [ "$name" = camelot-best ] && label="camelot-best(UB)"
    awk -v n="$label" '/^mean over/ { p=$6; r=$8; f=$10 } /^pooled/ { q=$4; s=$6; g=$8 }
        END { printf "%-18s %6s %6s %6s   %6s %6s %6s\n", n, p, r, f, q, s, g }' "$out/$name.score"
done
echo "(UB: per-document best flavor, an upper bound; per-document scores in $out/*.score)"
