#!/usr/bin/env bash
# A volunteer's whole archive (issue 12): COPIES copies (default 12) of the
# round-1 reply folder (../shared/data/replies-round1/replies, with its
# 84,000-row annex), built in a temporary folder and read by
# `run --jobs 2 --no-cache`. Prints wall time, peak memory of the parent
# and of the largest worker (the run's own getrusage figures,
# FOI_EXTRACT_PROFILE), the time per phase, the output folder's size
# against the input's, and `pdftotext -layout` over the same PDFs as the
# baseline. Needs GNU time and poppler-utils.
# Usage: scripts/bench-batch.sh [COPIES] [REPLIES_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-12}
replies=${2:-}
if [ -z "$replies" ]; then
    for d in ../shared/data/replies-round1/replies ../../shared/data/replies-round1/replies; do
        [ -d "$d" ] && replies=$d && break
    done
fi
[ -d "$replies" ] || { echo "no replies folder (give one as the second argument)" >&2; exit 2; }
cargo build --release --locked --quiet
bin=$PWD/target/release/foi-extract
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in"
for i in $(seq -w 1 "$copies"); do cp -r "$replies" "$tmp/in/copy$i"; done
echo "input: $(find "$tmp/in" -type f | wc -l) files on disk, $(du -sm "$tmp/in" | cut -f1) MB"

FOI_EXTRACT_PROFILE=1 /usr/bin/time -f "%e %M" -o "$tmp/time" \
    "$bin" run "$tmp/in" --out "$tmp/out" --jobs 2 --no-cache --no-progress 2> "$tmp/err" || {
    tail -5 "$tmp/err" >&2; exit 1; }
read -r secs kib < "$tmp/time"
grep '^profile:' "$tmp/err"
tail -1 "$tmp/err"
printf 'run: %.1f s wall; largest process %d MiB (GNU time, parent and workers)\n' "$secs" $((kib / 1024))
# The output set is what OUT's links point to (documents/ included).
out_mb=$(du -smL "$tmp/out/.current/" | cut -f1)
in_mb=$(du -sm "$tmp/in" | cut -f1)
echo "output: ${out_mb} MB ($(du -smL "$tmp/out/documents/" | cut -f1) MB documents/) for ${in_mb} MB of input"

find "$tmp/in" -iname '*.pdf' -print0 > "$tmp/pdfs"
start=$(date +%s.%N)
xargs -0 -P 2 -I{} pdftotext -layout {} /dev/null < "$tmp/pdfs" 2>/dev/null || true
end=$(date +%s.%N)
base=$(echo "$end - $start" | bc -l)
printf 'pdftotext -layout over the same %d PDFs (2 at a time): %.2f s; run / pdftotext: %.1fx\n' \
    "$(tr -cd '\0' < "$tmp/pdfs" | wc -c)" "$base" "$(echo "$secs / $base" | bc -l)"
