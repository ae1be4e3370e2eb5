"""Time to read the codes of one label photo: small, phone-sized, blank and over-sized photos.

Usage: python -m benchmarks.label_codes [--runs 20]   (needs the test extras: segno,
python-barcode)
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

from PIL import Image

from backend.catalog.label_codes import read_label_codes
from benchmarks._common import scratch_dir
from tests.support.labels import blank_photo, code128_label, qr_label


def _scaled(data: bytes, width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).resize((width, height)).save(out, "JPEG", quality=90)
    return out.getvalue()


def _photos(folder: Path) -> dict[str, Path]:
    photos = {
        "QR label 1000x700": qr_label("WM700-0001"),
        "Code 128 label 1000x700": code128_label("SP9-0001"),
        "QR label 4000x2800 (phone camera)": _scaled(qr_label("WM700-0001"), 4000, 2800),
        "blank 4000x3000": _scaled(blank_photo(), 4000, 3000),
    }
    paths = {}
    for n, (name, data) in enumerate(photos.items()):
        paths[name] = folder / f"{n}.jpg"
        paths[name].write_bytes(data)
    return paths


def main() -> None:
    """Print the median and the slowest decode time per photo kind."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    for name, path in _photos(scratch_dir("labels-")).items():
        times, found = [], []
        for _ in range(runs):
            started = time.perf_counter()
            found = read_label_codes(path)
            times.append((time.perf_counter() - started) * 1000)
        codes = ", ".join(code.text for code in found) or "no code"
        print(
            f"{name:36} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms"
            f"   {codes}"
        )


if __name__ == "__main__":
    main()
