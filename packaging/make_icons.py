"""Render resources/icons/chiso.svg to chiso.png (256 px) and chiso.ico (multi-size).

Qt's SVG renderer rasterises the SVG once at 1024 px (Pillow cannot read SVG);
Pillow then scales it down and writes the PNG and the Windows ICO. Run it after
changing the SVG and commit all three files:

    python packaging/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
MASTER_PX = 1024


def render_svg(svg: Path, size: int) -> Image.Image:
    """Rasterise the SVG with QtSvg (no screen needed) into a Pillow RGBA image."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    master = render_svg(ICONS_DIR / "chiso.svg", MASTER_PX)
    png = master.resize((256, 256), Image.Resampling.LANCZOS)
    png.save(ICONS_DIR / "chiso.png", optimize=True)
    png.save(ICONS_DIR / "chiso.ico", sizes=ICO_SIZES)
    print(f"wrote {ICONS_DIR / 'chiso.png'} and {ICONS_DIR / 'chiso.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
