#!/bin/sh
# Speed of foi-extract's PDF reading + table finding against
# `pdftotext -layout` on the same files in the same run, in pages per
# second, and peak memory over a generated 500-page PDF.
# Usage: scripts/bench.sh [DIR]   (default: the ICDAR 2013 EU PDFs)
# Needs: pdfinfo, pdftotext, qpdf; hyperfine when present (else time loops).
set -eu
cd "$(dirname "$0")/.."
default=../shared/data/icdar2013-eu
[ -d "$default" ] || default=../../shared/data/icdar2013-eu
dir=${1:-$default}
cargo build --quiet --release
bin=$PWD/target/release/foi-extract
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ls "$dir"/*.pdf > "$work/files"
pages=0
for f in $(cat "$work/files"); do
    n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
    pages=$((pages + ${n:-0}))
done
echo "files: $(wc -l < "$work/files"), pages: $pages"

cat > "$work/ours.sh" <<SH
for f in \$(cat $work/files); do $bin inspect "\$f" > /dev/null 2>&1 || true; done
SH
cat > "$work/pdftotext.sh" <<SH
for f in \$(cat $work/files); do pdftotext -layout "\$f" /dev/null 2>/dev/null || true; done
SH

if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs 5 --export-json "$work/h.json" \
        -n foi-extract "sh $work/ours.sh" -n pdftotext "sh $work/pdftotext.sh"
    python3 - "$work/h.json" "$pages" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
pages = int(sys.argv[2])
ours, ref = r["foi-extract"], r["pdftotext"]
print(f"foi-extract: {pages / ours:.1f} pages/s, pdftotext -layout: {pages / ref:.1f} pages/s, "
      f"ratio (our time / pdftotext time): {ours / ref:.2f}x")
PY
else
    s=$(date +%s.%N); sh "$work/ours.sh"; m=$(date +%s.%N); sh "$work/pdftotext.sh"; e=$(date +%s.%N)
    echo "$s $m $e $pages" | awk '{o=$2-$1; p=$3-$2; printf "foi-extract: %.1f pages/s, pdftotext -layout: %.1f pages/s, ratio %.2fx\n", $4/o, $4/p, o/p}'
fi

# Memory over a long document: the EU PDFs concatenated until 500 pages.
args=""
total=0
while [ "$total" -lt 500 ]; do
    for f in $(cat "$work/files"); do
        [ "$total" -ge 500 ] && break
        n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
        args="$args $f"
        total=$((total + ${n:-0}))
    done
done
# shellcheck disable=SC2086
qpdf --empty --pages $args -- "$work/long.pdf" 2>/dev/null || true
long_pages=$(pdfinfo "$work/long.pdf" | awk '/^Pages:/ {print $2}')
first=$(head -1 "$work/files")
for f in "$first" "$work/long.pdf"; do
    n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    /usr/bin/time -f "%M %e" -o "$work/t" "$bin" inspect "$f" > /dev/null 2>&1 || true
    read -r kb secs < "$work/t"
    echo "$(basename "$f"): $n pages, peak RSS $((kb / 1024)) MiB, $secs s"
done
echo "(long document: $long_pages pages)"
