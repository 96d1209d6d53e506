"""Render an SVG with QtSvg (the renderer the app uses) to a PNG, for looking at a drawing.

Usage: python tools/render_svg.py IN.svg OUT.png [WIDTH]
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    source, target = argv[0], argv[1]
    width = int(argv[2]) if len(argv) > 2 else 800
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(source)
    if not renderer.isValid():
        print(f"{source}: QtSvg cannot draw this file", file=sys.stderr)
        return 1
    size = renderer.defaultSize()
    height = round(width * size.height() / max(1, size.width()))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    image.save(target)
    print(f"{target}: {width}x{height}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
