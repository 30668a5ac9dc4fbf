#!/usr/bin/env bash
# A 400,000-row search-level annex (issue 10, item 19): generated, then read
# by `run` (the parent and its worker), by `inspect` (the reader in one
# process), and by the csv crate alone and our reader in the same process
# (examples/big_csv_read.rs). Prints wall time and peak memory of each and
# the size of the documents JSON. Needs python3 and GNU time.
# Usage: scripts/big-annex.sh [ROWS]   (default 400000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-400000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in/Kent"
annex="$tmp/in/Kent/search level annex.csv"
python3 - "$annex" "$rows" <<'PY'
import random, sys
path, rows = sys.argv[1], int(sys.argv[2])
r = random.Random(1)
eth = ["W1", "W2", "B1", "B2", "A1", "A2", "A3", "O1", "M1", "NS"]
db = ["IDENT1", "IABS", "Both"]
why = ["Identity", "Arrest", "Warrant", "Immigration"]
with open(path, "w") as f:
    f.write("Ref,Date,Database,Ethnicity,Reason\n")
    for i in range(rows):
        f.write(f"{i+1},{r.randint(1,28):02d}/{r.randint(1,12):02d}/2020,"
                f"{r.choice(db)},{r.choice(eth)},{r.choice(why)}\n")
PY
cargo build --release --locked --quiet --example big_csv_read
bin=target/release/foi-extract
cargo build --release --locked --quiet
echo "annex: $(wc -l < "$annex") lines, $(stat -c %s "$annex") bytes"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > "$tmp/out" 2>&1 || true
  read -r secs kib < "$tmp/time"
  printf '%-34s %6.2f s  %6.0f MiB\n' "$label" "$secs" "$(echo "$kib / 1024" | bc -l)"
}
measure "run (parent)" "$bin" run "$tmp/in" --out "$tmp/out-run" --no-progress --no-cache --jobs 1
measure "inspect (reader in one process)" "$bin" inspect "$annex"
echo "documents JSON: $(du -sb "$tmp/out-run/documents" | cut -f1) bytes"
target/release/examples/big_csv_read "$annex"
