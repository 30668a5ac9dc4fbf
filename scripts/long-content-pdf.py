#!/usr/bin/env python3
"""Write a one-page PDF whose content stream is about SIZE_MB megabytes of
text and drawing operators (Tj, TJ, re, m/l/S), uncompressed: the input of
scripts/bench-pdf-content.sh. Usage: long-content-pdf.py SIZE_MB OUT.pdf

A grid of small cells on a page of the largest size PDF allows, each cell
a number (Tj or TJ), a filled bar and a rule, every one at its own place
(text drawn over itself would measure text layout, not content streams).
"""
import sys

PAGE = 14400
STEP_X, STEP_Y = 40, 3


def content(size: int) -> bytes:
    rows = []
    total = 0
    i = 0
    per_column = (PAGE - 20) // STEP_Y
    while total < size:
        x = 10 + (i // per_column) * STEP_X
        y = PAGE - 10 - (i % per_column) * STEP_Y
        text = f"({i % 1000}) Tj" if i % 2 else f"[({i % 100}) -20 (.)] TJ"
        cell = (
            f"BT /F1 2 Tf 1 0 0 1 {x} {y} Tm {text} ET\n"
            f"{x} {y - 1} 30 0.2 re f\n"
            f"{x} {y - 0.5} m {x + 30} {y - 0.5} l S\n"
        ).encode()
        rows.append(cell)
        total += len(cell)
        i += 1
    return b"".join(rows)


def pdf(stream: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]" % (PAGE, PAGE) + b" "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


if __name__ == "__main__":
    size_mb, path = float(sys.argv[1]), sys.argv[2]
    with open(path, "wb") as f:
        f.write(pdf(content(int(size_mb * 1024 * 1024))))
