"""An illustration from ``resources/illustrations``, scaled to fit; a calm placeholder if it
fails."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from cartguide import resources
from cartguide.content import Illustration
from cartguide.ui import accessibility, theme

log = logging.getLogger(__name__)

ASPECT = 500 / 800  # every illustration is drawn on an 800 x 500 canvas
#: Above the text on a narrow screen or at large text sizes, a picture must leave the words in
#: view: at most this share of the window's height (and never less than MIN_CAP_PX high).
#: The cap does not depend on the text size: a picture never shrinks when the text grows.
MAX_HEIGHT_SHARE = 0.36
MIN_CAP_PX = 300


def load_svg(name: str, language: str | None = None) -> QSvgRenderer | None:
    """The drawing for an illustration name, or None (logged) if it cannot be drawn. The file
    is read safely first (:func:`cartguide.resources.illustration_bytes`): Qt gets bytes, never
    a path, so a FIFO or a link to /dev/zero in its place cannot hang or flood the app."""
    try:
        data = resources.illustration_bytes(name, language)
    except ValueError:
        log.warning("illustration name %r is not allowed; showing a placeholder", name)
        return None
    except FileNotFoundError:
        log.warning("illustration %s is missing; showing a placeholder",
                    resources.illustration_path(name))
        return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        log.warning("illustration %s: %s; showing a placeholder",
                    resources.illustration_path(name), reason)
        return None
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        log.warning("illustration %s could not be drawn; showing a placeholder",
                    resources.illustration_path(name))
        return None
    return renderer


class IllustrationView(QWidget):
    """Draws one SVG keeping its proportions. Its accessible name is the content's alt text."""

    def __init__(self, illustration: Illustration | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("illustration")
        self._renderer: QSvgRenderer | None = None
        self._drawn = QPixmap()  # the SVG drawn at the size last shown
        # A picture with its alt text for screen readers; with nothing to show, left out.
        accessibility.mark(self, accessibility.GRAPHIC if illustration else accessibility.HIDDEN)
        if illustration is not None:
            self.setAccessibleName(illustration.alt)
            self.setToolTip("")
            self._renderer = self._load(illustration.name)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(240, round(240 * ASPECT))

    @staticmethod
    def _load(name: str) -> QSvgRenderer | None:
        return load_svg(name, theme.current().language)

    @property
    def is_placeholder(self) -> bool:
        return self._renderer is None

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def max_height(self) -> int:
        """The tallest this picture may be in its window now (portrait screens allow more)."""
        window = self.window()
        screen_height = window.height() if window is not self else 1080
        return max(MIN_CAP_PX, round(screen_height * MAX_HEIGHT_SHARE))

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return min(round(width * ASPECT), self.max_height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(560, round(560 * ASPECT))

    def picture_height(self) -> float:
        """How tall the drawing is on screen now (the widget may be taller than it)."""
        return min(float(self.width()), self.height() / ASPECT) * ASPECT

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = min(float(self.width()), self.height() / ASPECT)
        height = width * ASPECT
        # Top-aligned: beside a long paragraph the picture stays level with the first line.
        target = QRectF((self.width() - width) / 2, 0, width, height)
        if self._renderer is not None:
            # Drawing an SVG takes about 1 ms, and pages repaint whenever they are shown or
            # scrolled; draw it once per size.
            ratio = self.devicePixelRatioF()
            size = QSize(round(width * ratio), round(height * ratio))
            if self._drawn.size() != size or self._drawn.devicePixelRatio() != ratio:
                self._drawn = QPixmap(size)
                self._drawn.fill(Qt.GlobalColor.transparent)
                with QPainter(self._drawn) as canvas:
                    canvas.setRenderHint(QPainter.RenderHint.Antialiasing)
                    self._renderer.render(canvas)
                self._drawn.setDevicePixelRatio(ratio)
            painter.drawPixmap(target.topLeft(), self._drawn)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.colour("primary_soft"))
        painter.drawRoundedRect(target, 24, 24)
        # A simple sun-and-hills sign: reads as "picture" in any language.
        painter.setBrush(theme.colour("border"))
        c = target.center()
        s = height / 6
        painter.drawEllipse(QRectF(c.x() + s * 0.6, c.y() - s * 1.6, s, s))
        painter.drawRoundedRect(QRectF(c.x() - s * 2.2, c.y(), s * 4.4, s * 1.2), s / 3, s / 3)
