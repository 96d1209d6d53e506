"""The look, decided in one place: colours, type sizes, spacing, fonts and the app stylesheet.

Widgets never set colours or sizes themselves; they carry an ``objectName`` or a ``role``
property and the stylesheet built here styles them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from cartguide import resources

log = logging.getLogger(__name__)

FONT_FAMILY_FALLBACK = "Sans Serif"


@dataclass(frozen=True, slots=True)
class Palette:
    window: str = "#F3F6F9"
    surface: str = "#FFFFFF"
    text: str = "#15212C"  # 16:1 on surface
    muted: str = "#33414E"  # 10:1 on surface
    primary: str = "#174E75"  # 8.8:1 with white text
    primary_pressed: str = "#0F3A59"
    primary_soft: str = "#E3EEF6"
    accent: str = "#E8A04C"
    accent_soft: str = "#FDF1E1"
    warning_border: str = "#B45309"
    warning_text: str = "#6B2A00"
    border: str = "#C5D3DF"
    focus: str = "#C2410C"
    link: str = "#174E75"
    on_primary: str = "#FFFFFF"


@dataclass(frozen=True, slots=True)
class Metrics:
    body_px: int = 20
    target_px: int = 56  # minimum height of anything you can press
    radius_px: int = 14
    gap_px: int = 16
    column_max_px: int = 1180

    def scaled(self, factor: float) -> int:
        return round(self.body_px * factor)


STANDARD = Palette()
WINDOW_METRICS = Metrics()
KIOSK_METRICS = Metrics(body_px=22, target_px=64)


@cache
def load_fonts() -> str:
    """Register the bundled fonts (once per process); returns the family to use for all text."""
    family = None
    for path in resources.font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.warning("could not load font %s", path)
            continue
        family = family or families[0]
    if family is None:
        log.warning("no bundled font found in %s; using the system font", resources.fonts_dir())
        return FONT_FAMILY_FALLBACK
    return family


def stylesheet(p: Palette, m: Metrics, family: str) -> str:
    body = m.body_px
    small = max(16, round(body * 0.85))
    h1 = round(body * 1.7)
    h2 = round(body * 1.3)
    h3 = round(body * 1.1)
    r = m.radius_px
    return f"""
* {{ font-family: "{family}"; }}
QWidget {{ color: {p.text}; font-size: {body}px; }}
QMainWindow, #page, #pageColumn, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {p.window};
}}
QLabel {{ background: transparent; }}
QLabel[role="h1"] {{ font-size: {h1}px; font-weight: 700; color: {p.text}; }}
QLabel[role="h2"] {{ font-size: {h2}px; font-weight: 700; color: {p.text}; }}
QLabel[role="h3"] {{ font-size: {h3}px; font-weight: 700; color: {p.text}; }}
QLabel[role="eyebrow"] {{ font-size: {small}px; font-weight: 700; color: {p.primary};
    letter-spacing: 1px; }}
QLabel[role="muted"], QLabel[role="sources"] {{ font-size: {small}px; color: {p.muted}; }}
QLabel[role="lead"] {{ font-size: {h3}px; }}

#topBar {{ background: {p.primary}; }}
#topBar QLabel {{ color: {p.on_primary}; font-size: {h3}px; font-weight: 700; }}
#footer {{ background: {p.surface}; border-top: 1px solid {p.border}; }}
#footer QLabel {{ font-size: {small}px; color: {p.muted}; }}

QPushButton {{
    min-height: {m.target_px}px; padding: 0 {m.gap_px + 4}px; border-radius: {r}px;
    background: {p.surface}; color: {p.primary}; border: 2px solid {p.primary};
    font-weight: 700;
}}
QPushButton:pressed, QPushButton:checked {{ background: {p.primary_soft}; }}
QPushButton:disabled {{ color: {p.muted}; border-color: {p.border}; background: {p.window}; }}
QPushButton:focus {{ border: 3px solid {p.focus}; }}
QPushButton[variant="primary"] {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[variant="primary"]:pressed {{ background: {p.primary_pressed}; }}
QPushButton[variant="primary"]:disabled {{ background: {p.border}; color: {p.muted}; }}
#topBar QPushButton {{ background: transparent; color: {p.on_primary};
    border: 2px solid {p.on_primary}; }}
#topBar QPushButton:pressed {{ background: {p.primary_pressed}; }}
#topBar QPushButton:focus {{ border: 3px solid {p.accent}; }}

QPushButton#tile {{
    background: {p.surface}; border: 2px solid {p.border}; border-radius: {r + 4}px;
    padding: {m.gap_px}px; text-align: left;
}}
QPushButton#tile:pressed {{ background: {p.primary_soft}; border-color: {p.primary}; }}
QPushButton#tile:focus {{ border: 3px solid {p.focus}; }}
QPushButton#tile QLabel[role="h2"] {{ color: {p.primary}; }}

QPushButton#stepChip {{ padding: 4px 6px; border-radius: {r}px; border: 2px solid {p.border};
    background: {p.surface}; }}
QPushButton#stepChip:checked {{ background: {p.primary}; border-color: {p.primary}; }}
QPushButton#stepChip:focus {{ border: 3px solid {p.focus}; }}
QPushButton#stepChip QLabel {{ font-size: {small}px; color: {p.primary}; }}
QPushButton#stepChip QLabel[role="number"] {{ font-size: {h3}px; font-weight: 700; }}
QPushButton#stepChip QLabel[current="true"] {{ color: {p.on_primary}; }}

#card {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: {r}px; }}
#callout {{ background: {p.primary_soft}; border-left: 8px solid {p.primary};
    border-radius: {r}px; }}
#warningCard {{ background: {p.accent_soft}; border: 3px solid {p.warning_border};
    border-radius: {r}px; }}
#warningCard QLabel[role="h2"] {{ color: {p.warning_text}; }}
#timelineDate {{ background: {p.primary}; border-radius: {r}px; }}
#timelineDate QLabel {{ color: {p.on_primary}; font-weight: 700; }}
#timelineLine {{ background: {p.border}; }}
#navBar {{ background: {p.surface}; border-top: 1px solid {p.border}; }}

QScrollBar:vertical {{ width: 18px; background: {p.window}; }}
QScrollBar::handle:vertical {{ background: {p.border}; border-radius: 8px; min-height: 48px;
    margin: 2px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QDialog {{ background: {p.surface}; }}
"""


def apply(app: QApplication, *, kiosk: bool = False) -> Metrics:
    """Load fonts and style the whole application; returns the metrics in use."""
    metrics = KIOSK_METRICS if kiosk else WINDOW_METRICS
    family = load_fonts()
    font = QFont(family)
    font.setPixelSize(metrics.body_px)
    app.setFont(font)
    app.setStyleSheet(stylesheet(STANDARD, metrics, family))
    return metrics


def colour(name: str) -> QColor:
    return QColor(getattr(STANDARD, name))
