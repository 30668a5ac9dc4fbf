#!/bin/sh
# Speed of foi-extract's PDF reading + table finding against
# `pdftotext -layout` on the same files in the same run, in pages per
# second, and peak memory over a generated 500-page PDF.
# Usage: scripts/bench.sh [DIR]   (default: the ICDAR 2013 EU PDFs)
# Needs: pdfinfo, pdftotext, qpdf; hyperfine when present (else time loops).
set -eu
cd "$(dirname "$0")/.."
. scripts/common.sh
default=$(icdar_eu_dir)
dir=${1:-$default}
cargo build --quiet --release
bin=$PWD/target/release/foi-extract
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ls "$dir"/*.pdf > "$work/files"
pages=$(total_pages "$work/files")
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

# Memory over long documents: the EU PDFs concatenated until about 50, 125,
# 250 and 500 pages. Peak RSS of `inspect` (one process), of `run` (parent
# and worker; the larger) and of `pdftotext -layout` on the same file.
# Flat memory: the 500-page figure close to the 50-page one.
long_pdf() {
    args=""
    total=0
    while [ "$total" -lt "$1" ]; do
        for f in $(cat "$work/files"); do
            [ "$total" -ge "$1" ] && break
            args="$args $f"
            total=$((total + $(pdf_pages "$f")))
        done
    done
    # shellcheck disable=SC2086
    qpdf --empty --pages $args -- "$2" 2>/dev/null || true
}
peak_mib() {
    /usr/bin/time -f "%M" -o "$work/t" "$@" > /dev/null 2>&1 || true
    echo $(($(cat "$work/t") / 1024))
}
printf "%-6s %10s %12s %10s %16s\n" pages "inspect" "run" "pdftotext" "inspect/pdftotext"
for target in 50 125 250 500; do
    long="$work/long$target.pdf"
    long_pdf "$target" "$long"
    n=$(pdf_pages "$long")
    mkdir -p "$work/in$target"
    cp "$long" "$work/in$target/"
    a=$(peak_mib "$bin" inspect "$long")
    b=$(peak_mib "$bin" run "$work/in$target" --out "$work/out$target" --no-cache --no-progress)
    c=$(peak_mib pdftotext -layout "$long" /dev/null)
    printf "%-6s %7s MiB %9s MiB %6s MiB %16s\n" "$n" "$a" "$b" "$c" \
        "$(awk -v a="$a" -v c="$c" 'BEGIN { printf "%.1fx", a / c }')"
done
