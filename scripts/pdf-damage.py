#!/usr/bin/env python3
"""Damaged-PDF recovery: the share of damaged copies poppler reads that we read.

Makes damaged copies of PDFs (byte flips, cuts, a byte inserted before the xref or
at random, a duplicated range, junk after %%EOF, a cut trailer) with a fixed seed,
then asks `pdftotext` and `foi-extract inspect` to read each. A copy "is read" by
poppler when pdftotext exits 0 with some text, and by us when inspect gives the file
status `ok` with some text. Prints one line per damage kind and the overall share
of poppler-readable copies that we read (issue 10, item 17: goal >= 95%).

Usage: scripts/pdf-damage.py [--bin target/debug/foi-extract] [--per-kind N] [PDF...]
With no PDFs, uses the text PDFs under fixtures/ that pdftotext reads whole.
"""
import argparse, glob, os, random, re, subprocess, sys, tempfile
from collections import defaultdict

SEED = 20261204


def damage(data: bytes, kind: str, rng: random.Random) -> bytes:
    n = len(data)
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(n)
            out[i] ^= 1 << rng.randrange(8)
        return bytes(out)
    if kind == "cut":
        return data[: int(n * rng.uniform(0.5, 0.999))]
    if kind == "cut-trailer":
        return data[: n - rng.randint(1, 60)]
    if kind == "insert-before-xref":
        at = data.rfind(b"xref")
        at = at if at > 0 else n // 2
        return data[:at] + bytes([rng.randrange(256)]) + data[at:]
    if kind == "insert":
        at = rng.randrange(n)
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at:]
    if kind == "duplicate":
        a = rng.randrange(n)
        b = min(n, a + rng.randint(16, 4096))
        at = rng.randrange(n)
        return data[:at] + data[a:b] + data[at:]
    if kind == "junk-after-eof":
        return data + bytes(rng.randrange(256) for _ in range(rng.randint(600, 4096)))
    raise ValueError(kind)


KINDS = ["flip", "cut", "cut-trailer", "insert-before-xref", "insert", "duplicate",
         "junk-after-eof"]


def poppler_reads(path: str) -> bool:
    try:
        r = subprocess.run(["pdftotext", "-q", path, "-"], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return False
    return r.returncode == 0 and r.stdout.strip() != b""


def we_read(binary: str, path: str) -> bool:
    try:
        r = subprocess.run([binary, "inspect", path], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False
    out = r.stdout.decode("utf-8", "replace")
    last = [l for l in out.splitlines() if l.startswith("== ") and "] " in l]
    if not last or not re.search(r"\] ok\b", last[-1]):
        return False
    words = sum(int(m) for m in re.findall(r"--- page \d+ \([^)]*?, (\d+) words", out))
    return words > 0


def default_pdfs() -> list:
    skip = ("password", "scan", "truncated", "Scan_", "scan0")
    pdfs = [p for p in sorted(glob.glob("fixtures/**/*.pdf", recursive=True))
            if not any(s in p for s in skip) and os.path.getsize(p) < 2_000_000]
    return [p for p in pdfs if poppler_reads(p)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/debug/foi-extract")
    ap.add_argument("--per-kind", type=int, default=3)
    ap.add_argument("--keep", help="folder to keep the copies we miss in")
    ap.add_argument("pdfs", nargs="*")
    args = ap.parse_args()
    pdfs = args.pdfs or default_pdfs()
    rng = random.Random(SEED)
    tally = defaultdict(lambda: [0, 0, 0])  # copies, poppler reads, we read of those
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            data = open(pdf, "rb").read()
            for kind in KINDS:
                for i in range(args.per_kind):
                    copy = os.path.join(tmp, f"{kind}-{i}.pdf")
                    open(copy, "wb").write(damage(data, kind, rng))
                    t = tally[kind]
                    t[0] += 1
                    if poppler_reads(copy):
                        t[1] += 1
                        if we_read(args.bin, copy):
                            t[2] += 1
                        else:
                            missed.append(f"{pdf} {kind} #{i}")
                            if args.keep:
                                os.makedirs(args.keep, exist_ok=True)
                                name = f"{len(missed):03}-{kind}-{os.path.basename(pdf)}"
                                os.replace(copy, os.path.join(args.keep, name))
    print(f"{len(pdfs)} PDFs, {args.per_kind} copies per damage kind, seed {SEED}")
    print(f"{'damage':<20}{'copies':>8}{'poppler':>9}{'we read':>9}{'share':>8}")
    total = [0, 0, 0]
    for kind in KINDS:
        c, p, w = tally[kind]
        total = [total[0] + c, total[1] + p, total[2] + w]
        print(f"{kind:<20}{c:>8}{p:>9}{w:>9}{(100 * w / p if p else 100):>7.1f}%")
    c, p, w = total
    print(f"{'all':<20}{c:>8}{p:>9}{w:>9}{(100 * w / p if p else 100):>7.1f}%")
    for m in missed[:40]:
        print("  missed:", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
