#!/usr/bin/env bash
# Cut zips end to end (issue 12's recovery item): copies of every zip-based
# fixture cut at 25%, 50% and 90% and without their central directory are
# read by `run`, and the top-level rows of files.csv are counted by status
# (ok rows must carry a `recovered:` warning; no row may be `error`).
# Needs python3. Usage: scripts/cut-zips.sh [BINARY]   (default: target/debug/foi-extract)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/foi-extract}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/in" <<'PY'
import os, sys, zipfile, io
out = sys.argv[1]
n = 0
for dirpath, _, names in sorted(os.walk("fixtures")):
    for name in sorted(names):
        path = os.path.join(dirpath, name)
        data = open(path, "rb").read()
        if not data.startswith(b"PK\x03\x04"):
            continue
        n += 1
        cuts = {"25": len(data) // 4, "50": len(data) // 2, "90": len(data) * 9 // 10}
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                cuts["nocd"] = min(i.header_offset for i in z.infolist()) + z.start_dir
        except Exception:
            pass  # already cut: it has no central directory to remove
        for label, at in cuts.items():
            dst = os.path.join(out, f"{n:02d}-{label}", name)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            open(dst, "wb").write(data[:at])
print(f"{n} zip fixtures", file=sys.stderr)
PY
"$bin" run "$tmp/in" --out "$tmp/out" --no-progress --no-cache > /dev/null 2>&1
python3 - "$tmp/out/files.csv" <<'PY'
import csv, collections, sys
rows = list(csv.DictReader(open(sys.argv[1])))
top = [r for r in rows if r["path"].count("/") == 1]
by = collections.Counter((r["path"].split("/")[0].split("-")[1], r["status"]) for r in top)
for cut in ["25", "50", "90", "nocd"]:
    print(f"cut {cut:>4}: " + ", ".join(f"{s} {by[(cut, s)]}" for s in ["ok", "unreadable", "error"]))
ok = [r for r in top if r["status"] == "ok"]
bad = [r for r in ok if not r["message"].startswith("recovered: ")]
errors = [r for r in rows if r["status"] == "error"]
print(f"cut copies: {len(top)}; ok {len(ok)} (without a recovered: warning: {len(bad)}), "
      f"unreadable {sum(r['status'] == 'unreadable' for r in top)}; error rows (inner files too): {len(errors)}")
for r in bad + errors:
    print("  ", r["path"], r["status"], r["message"][:120])
PY
