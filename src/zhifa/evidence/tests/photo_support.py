"""A real PNG photo of many pixels in a small file, as a decompression bomb would be."""

import struct
import zlib
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_blank_png(path: Path, width: int, height: int) -> Path:
    """Write a valid black 1-bit grayscale PNG of ``width`` x ``height``, compressed row by row.

    11000 x 11000 pixels take about 15 KB on disk but over 100 MB once decoded.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte "none", then the packed pixels
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")
    path.write_bytes(PNG_SIGNATURE + body)
    return path
