"""Render the app icon's PNGs and Windows .ico from resources/icons/estelam-desk.svg.

    PYTHONPATH=. python resources/icons/make_icons.py

Writes resources/icons/hicolor/<N>x<N>/apps/estelam-desk.png (the freedesktop icon
theme layout, so installing them is a copy) and resources/icons/estelam-desk.ico (all
sizes, for the Windows executable). Run it again after changing the SVG and commit the
results; the same Qt and Pillow give the same bytes.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

ICONS = Path(__file__).resolve().parent


def render(size: int) -> bytes:
    """The SVG drawn at size x size pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / "estelam-desk.svg"))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def main() -> None:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    from desktop.core.paths import ICON_SIZES, icon_path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([])
    images = []
    for size in ICON_SIZES:
        png = render(size)
        target = icon_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
        images.append(Image.open(io.BytesIO(png)))
    # Each size drawn from the SVG, not one bitmap scaled down: small sizes stay crisp.
    largest = images[-1]
    largest.save(
        ICONS / "estelam-desk.ico",
        sizes=[(s, s) for s in ICON_SIZES],
        append_images=images[:-1],
    )
    print(f"wrote {len(ICON_SIZES)} PNGs and estelam-desk.ico under {ICONS}")


if __name__ == "__main__":
    main()
