"""The pixels of a QR code image inside a PDF page, decoded by hand and bounded (the
page's own images only: Pillow is not handed a PDF stream)."""

from __future__ import annotations

import zlib
from typing import Any


def qr_image_pixels(stream: Any) -> tuple[int, int, bytes] | None:
    """Decode a small 8-bit greyscale Flate image (PNG predictors allowed), bounded."""
    stream = stream.get_object()
    width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
    if (
        stream.get("/Subtype") != "/Image"
        or not (21 <= width <= 512 and 21 <= height <= 512)
        or stream.get("/ColorSpace") != "/DeviceGray"
        or int(stream.get("/BitsPerComponent", 0)) != 8
        or stream.get("/Filter") != "/FlateDecode"
    ):
        return None
    params = stream.get("/DecodeParms") or {}
    predictor = int(params.get("/Predictor", 1)) if hasattr(params, "get") else 1
    row = width + (1 if predictor >= 10 else 0)
    inflater = zlib.decompressobj()
    raw = inflater.decompress(stream.encoded_data, row * height + 1)
    if len(raw) != row * height:
        return None
    if predictor < 10:
        return width, height, raw
    return width, height, _unfilter_png(raw, width, height)


def _unfilter_png(raw: bytes, width: int, height: int) -> bytes:
    """Undo PNG row filters for one byte per pixel."""
    out = bytearray(width * height)
    prev = bytearray(width)
    for y in range(height):
        kind = raw[y * (width + 1)]
        line = bytearray(raw[y * (width + 1) + 1 : (y + 1) * (width + 1)])
        for x in range(width if kind else 0):  # filter 0: the row is stored as is
            left = line[x - 1] if x else 0
            up = prev[x]
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = prev[x - 1] if x else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + guess) & 0xFF
        out[y * width : (y + 1) * width] = line
        prev = line
    return bytes(out)
