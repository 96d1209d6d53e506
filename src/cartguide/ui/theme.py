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
    """Every colour the app uses. Each text colour is checked against its backgrounds (7:1)."""

    window: str = "#F3F6F9"
    surface: str = "#FFFFFF"
    text: str = "#15212C"
    muted: str = "#33414E"
    primary: str = "#174E75"  # button fill with on_primary text, and headings on surfaces
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
    scrollbar: str = "#64768A"  # 4.3:1 on window (WCAG 1.4.11 asks 3:1 of a handle)
    on_primary_muted: str = "#A9C2D6"  # a control on the top bar that does nothing here
    # A button that does nothing now (Stop with nothing read aloud): its words stay AAA.
    disabled_text: str = "#33414E"
    disabled_border: str = "#C5D3DF"
    scrim: str = "#0B1E2D"  # the dimmed page behind a dialog (drawn at SCRIM_ALPHA)
    # Quiz feedback (always with ✓/✗ and a word too, never colour alone).
    right: str = "#14532D"
    right_soft: str = "#E7F6EC"
    right_border: str = "#2E7D32"
    wrong: str = "#8A1414"
    wrong_soft: str = "#FDECEC"
    wrong_border: str = "#C62828"


STANDARD = Palette()
#: For low vision: pure black on white, thick dark borders, yellow focus on black chrome.
HIGH_CONTRAST = Palette(
    window="#FFFFFF",
    surface="#FFFFFF",
    text="#000000",
    muted="#000000",
    primary="#000000",
    primary_pressed="#333333",
    primary_soft="#FFF7C2",
    accent="#FFD500",
    accent_soft="#FFF7C2",
    warning_border="#000000",
    warning_text="#000000",
    border="#000000",
    focus="#C2410C",  # 5.2:1 on white and 4.1:1 on black (blue was 2.7:1 on black borders)
    link="#0033A0",
    on_primary="#FFFFFF",
    on_primary_muted="#8A8A8A",
    # Not black like every live control (review R16: a disabled Stop looked just like Read
    # aloud): grey words (7.2:1 on white), a thin grey edge (4.5:1), no fill.
    disabled_text="#575757",
    disabled_border="#767676",
    scrollbar="#000000",
    right="#005A1E",
    right_soft="#E2F5E6",
    right_border="#005A1E",
    wrong="#A00000",
    wrong_soft="#FDE7E7",
    wrong_border="#A00000",
    scrim="#000000",
)

#: How much of the dimming colour lies over the page behind a dialog (0-255).
SCRIM_ALPHA = 150

#: (foreground, background) pairs in which text is drawn; each must reach 7:1 (WCAG AAA).
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"), ("text", "surface"), ("muted", "window"), ("muted", "surface"),
    ("primary", "surface"), ("primary", "window"), ("primary", "primary_soft"),
    ("text", "primary_soft"), ("link", "surface"), ("link", "window"), ("link", "primary_soft"),
    ("link", "accent_soft"), ("on_primary", "primary"), ("on_primary", "primary_pressed"),
    ("text", "accent_soft"), ("warning_text", "accent_soft"),
    ("disabled_text", "window"), ("disabled_text", "surface"),
    ("right", "surface"), ("right", "right_soft"), ("text", "right_soft"),
    ("link", "right_soft"), ("muted", "right_soft"),
    ("wrong", "surface"), ("wrong", "wrong_soft"), ("text", "wrong_soft"),
    ("link", "wrong_soft"), ("muted", "wrong_soft"),
)


@dataclass(frozen=True, slots=True)
class Metrics:
    body_px: int = 20  # running text at 100 %
    chrome_px: int = 18  # top bar, listen bar, step strip and footer at 100 %
    target_px: int = 48  # minimum height of anything you can press (WCAG 2.5.5 asks 44)
    radius_px: int = 14
    gap_px: int = 16
    column_max_px: int = 1180


#: A nurse's window: comfortable at arm's length on a laptop.
WINDOW_METRICS = Metrics()
#: A kiosk: read standing, by older eyes, on a 1080p screen about 60 cm away (DESIGN.md asks
#: 28-32 px body text). The column widens so lines keep about 60-70 characters.
KIOSK_METRICS = Metrics(body_px=30, chrome_px=24, target_px=64, radius_px=16, gap_px=20,
                        column_max_px=1280)

#: Text sizes a reader can choose, as factors of the normal size.
TEXT_SCALES = (1.0, 1.5, 2.0)


@dataclass(frozen=True, slots=True)
class TypeScale:
    """Every text size the guide uses, in px, for one view. One ratio (about 1.25) between
    steps, so a heading always looks like a heading at any text size."""

    body: int
    small: int  # sources, eyebrows, captions
    lead: int  # the first paragraph of a page
    h3: int
    h2: int
    h1: int
    display: int  # one huge number (the idle countdown)
    chrome: int  # bars: buttons and the where-am-I text; grows to 200 % like the page
    chrome_small: int  # footer, chip names
    chrome_title: int  # the app's name on the top bar
    target: int  # height of a pressable control


def type_scale(view: View) -> TypeScale:
    m, f = view.metrics, view.text_scale
    body = round(m.body_px * f)
    chrome = round(m.chrome_px * f)
    return TypeScale(
        body=body,
        small=max(16, round(body * 0.84)),
        lead=round(body * 1.12),
        h3=round(body * 1.12),
        h2=round(body * 1.3),
        h1=round(body * 1.6),
        # Five times the body, growing to 150 % only: at 200 % it is a 300-px number already,
        # and more pushed "Yes, I am still here" under the edge of a 1080-px screen.
        display=round(m.body_px * 5 * min(f, 1.5)),
        chrome=chrome,
        chrome_small=max(16, round(chrome * 0.86)),
        chrome_title=round(chrome * 1.15),
        target=max(m.target_px, round(chrome * 1.9)),
    )


@dataclass(frozen=True, slots=True)
class View:
    """How the guide looks right now: what a reader can change, and the kiosk flag."""

    text_scale: float = 1.0
    high_contrast: bool = False
    kiosk: bool = False
    language: str = "en"

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else STANDARD

    @property
    def metrics(self) -> Metrics:
        return KIOSK_METRICS if self.kiosk else WINDOW_METRICS


_current = View()


def current() -> View:
    return _current


def palette() -> Palette:
    return _current.palette


LATIN_FAMILY = "Atkinson Hyperlegible Next"
CJK_FAMILY = "Noto Sans SC"
#: Atkinson Hyperlegible Next has only a slashed zero; numbers people copy down or count (phone
#: numbers, the idle countdown) use the CJK font's plain digits.
PLAIN_DIGITS_FAMILY = CJK_FAMILY


@cache
def load_fonts() -> tuple[str, ...]:
    """Register the bundled fonts (once per process); returns the families they provide."""
    loaded: list[str] = []
    for path in resources.font_files():
        try:
            data = resources.font_bytes(path)
        except OSError as exc:
            log.warning("could not load font %s: %s", path, exc.strerror or exc)
            continue
        font_id = QFontDatabase.addApplicationFontFromData(data)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            log.warning("could not load font %s", path)
        loaded += [f for f in families if f not in loaded]
    if not loaded:
        log.warning("no bundled font found in %s; using the system font", resources.fonts_dir())
    return tuple(loaded)


def font_families(language: str) -> list[str]:
    """Families in order of preference: Chinese text first in a font made for it; each falls
    back to the other (Latin letters in Chinese text, Chinese words in English text)."""
    loaded = load_fonts()
    order = ([CJK_FAMILY, LATIN_FAMILY] if language.startswith("zh")
             else [LATIN_FAMILY, CJK_FAMILY])
    families = [f for f in order if f in loaded] + [f for f in loaded if f not in order]
    return families or [FONT_FAMILY_FALLBACK]


def stylesheet(view: View, families: list[str]) -> str:
    p, m, t = view.palette, view.metrics, type_scale(view)
    body, small, h1, h2, h3 = t.body, t.small, t.h1, t.h2, t.h3
    chrome, chrome_small, target = t.chrome, t.chrome_small, t.target
    r = m.radius_px
    thick = 3 if view.high_contrast else 2
    # A disabled button: in high contrast a 1-px edge and no fill (every live control there
    # is black-edged on white); the rest of the border's width is margin, so the button keeps
    # its size when it turns on or off (Stop does, whenever reading starts or ends).
    edge = 1 if view.high_contrast else thick
    off_fill = "transparent" if view.high_contrast else p.window
    # Focus rings only for keyboard use: the widget focused by a key carries
    # keyboardFocus="true" (see ui/focus_style.py); a touch or click never draws a ring.
    kb = '[keyboardFocus="true"]'
    return f"""
* {{ font-family: {", ".join(f'"{f}"' for f in families)}; }}
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
QLabel[role="lead"] {{ font-size: {t.lead}px; }}
QLabel#pageHeading, QLabel#verdict {{ border: 3px solid transparent; border-radius: 6px; }}

#topBar {{ background: {p.primary}; }}
#topBar QLabel {{ color: {p.on_primary}; font-size: {t.chrome_title}px; font-weight: 700; }}
#footer {{ background: {p.surface}; border-top: {thick}px solid {p.border}; }}
#footer QLabel {{ font-size: {chrome_small}px; color: {p.muted}; }}

QPushButton {{
    min-height: {target}px; min-width: {target}px; padding: 0 {m.gap_px}px;
    border-radius: {r}px; background: {p.surface}; color: {p.primary};
    border: {thick}px solid {p.primary}; font-weight: 700;
}}
QPushButton:pressed, QPushButton:checked {{ background: {p.primary_soft}; }}
QPushButton:disabled {{ color: {p.disabled_text}; background: {off_fill};
    border: {edge}px solid {p.disabled_border}; margin: {thick - edge}px; }}
QPushButton{kb} {{ border: 4px solid {p.focus}; }}
QPushButton[variant="primary"] {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[variant="primary"]:pressed {{ background: {p.primary_pressed}; }}
QPushButton[variant="primary"]:disabled {{ background: {off_fill}; color: {p.disabled_text}; }}
/* A ring next to both a dark fill and a light page cannot reach 3:1 against both (audit
   #22): a filled button focused by a key turns light, so the ring meets the page and the
   fill in one colour that reaches 3:1 against each. */
QPushButton[variant="primary"]{kb} {{ background: {p.surface}; color: {p.primary};
    border: 4px solid {p.focus}; }}
QPushButton[variant="quiet"] {{ border-color: {p.border}; }}
#topBar QPushButton, #navBar QPushButton, #footer QPushButton, #listenBar QPushButton {{
    font-size: {chrome}px; padding: 0 {max(10, chrome // 2)}px; }}
#topBar QPushButton {{ background: transparent; color: {p.on_primary};
    border: {thick}px solid {p.on_primary}; }}
#topBar QPushButton:pressed, #topBar QPushButton:checked {{ background: {p.primary_pressed}; }}
#topBar QPushButton:disabled {{ color: {p.on_primary_muted}; border-color: {p.on_primary_muted};
    margin: 0px; }}
#topBar QPushButton{kb} {{ border: 4px solid {p.accent}; }}

QPushButton#startAction {{ background: {p.primary}; color: {p.on_primary};
    border: {thick}px solid {p.primary}; border-radius: {r + 6}px; text-align: left; }}
QPushButton#startAction:pressed {{ background: {p.primary_pressed}; }}
/* Start here too turns light when a key focuses it (issue 14): an accent ring between its
   dark fill and the light page reached 2.2:1 against the page. */
QPushButton#startAction{kb} {{ background: {p.surface}; border: 5px solid {p.focus}; }}
QPushButton#startAction QLabel {{ color: {p.on_primary}; }}
QPushButton#startAction{kb} QLabel {{ color: {p.primary}; }}
QPushButton#startAction QLabel[role="h1"] {{ font-size: {h1}px; }}
QPushButton#tile {{
    background: {p.surface}; border: {thick}px solid {p.border}; border-radius: {r + 4}px;
    padding: {m.gap_px}px; text-align: left;
}}
QPushButton#tile:pressed {{ background: {p.primary_soft}; border-color: {p.primary}; }}
QPushButton#tile{kb} {{ border: 4px solid {p.focus}; }}
QPushButton#tile QLabel[role="h2"], QPushButton#tile QLabel[role="h3"] {{ color: {p.primary}; }}
QRadioButton#choice {{ background: {p.surface}; border: {thick}px solid {p.border};
    border-radius: {r}px; padding: 8px 20px; min-height: {target}px; spacing: 0px; }}
QRadioButton#choice::indicator {{ width: 26px; height: 26px; border-radius: 16px;
    border: 3px solid {p.primary}; background: {p.surface}; }}
QRadioButton#choice::indicator:checked {{ background: {p.primary}; }}
QRadioButton#choice:checked {{ background: {p.primary_soft}; border: 4px solid {p.primary}; }}
QRadioButton#choice[verdict="right"] {{ background: {p.right_soft};
    border: 4px solid {p.right_border}; }}
QRadioButton#choice[verdict="right"]::indicator {{ border-color: {p.right_border}; }}
QRadioButton#choice[verdict="right"]::indicator:checked {{ background: {p.right_border}; }}
QRadioButton#choice[verdict="wrong"] {{ background: {p.wrong_soft};
    border: 4px solid {p.wrong_border}; }}
QRadioButton#choice[verdict="wrong"]::indicator {{ border-color: {p.wrong_border};
    background: {p.wrong_border}; }}
QRadioButton#choice{kb} {{ border: 4px solid {p.focus}; }}
QLabel[role="mark"] {{ font-weight: 700; }}
QLabel[role="mark"][verdict="right"] {{ color: {p.right}; }}
QLabel[role="mark"][verdict="wrong"] {{ color: {p.wrong}; }}
#verdictBox {{ background: {p.primary_soft}; border-left: 8px solid {p.primary};
    border-radius: {r}px; }}
#verdictBox[verdict="right"] {{ background: {p.right_soft}; border-left-color: {p.right_border}; }}
#verdictBox[verdict="wrong"] {{ background: {p.wrong_soft}; border-left-color: {p.wrong_border}; }}
QLabel#verdict[verdict="right"] {{ color: {p.right}; }}
QLabel#verdict[verdict="wrong"] {{ color: {p.wrong}; }}

QPushButton#termLink {{ min-height: 0px; min-width: 0px; padding: 0px; border: none;
    background: transparent; }}

QPushButton#stepChip {{ padding: 4px 6px; border-radius: {r}px; min-width: 0px;
    border: {thick}px solid {p.border}; background: {p.surface}; }}
QPushButton#stepChip[current="true"] {{ background: {p.primary}; border-color: {p.primary}; }}
QPushButton#stepChip{kb} {{ border: 4px solid {p.focus}; }}
QPushButton#stepChip QLabel {{ font-size: {chrome_small}px; color: {p.primary}; }}
QPushButton#stepChip QLabel[role="number"] {{ font-size: {t.chrome_title}px; font-weight: 700; }}
QPushButton#indexLetter {{ min-width: {target}px; padding: 0 4px; }}
QPushButton#stepChip QLabel[current="true"] {{ color: {p.on_primary}; }}

#card {{ background: {p.surface}; border: {thick - 1}px solid {p.border}; border-radius: {r}px; }}
#callout {{ background: {p.primary_soft}; border: {thick - 1}px solid {p.border};
    border-radius: {r}px; }}
#warningCard {{ background: {p.accent_soft}; border: {thick + 1}px solid {p.warning_border};
    border-radius: {r}px; }}
#warningCard QLabel[role="h2"] {{ color: {p.warning_text}; }}
#warningCallout {{ background: {p.accent_soft}; border: {thick + 1}px solid {p.warning_border};
    border-radius: {r}px; }}
#warningCallout QLabel {{ color: {p.warning_text}; font-weight: 700; }}
QLabel[role="phone"] {{ font-family: "{CJK_FAMILY}", {", ".join(f'"{f}"' for f in families)};
    font-size: {round(body * 2)}px; font-weight: 700; color: {p.text}; }}
QLabel[role="emergency"] {{ font-weight: 700; color: {p.text}; }}
QPushButton#callButton {{ background: {p.accent_soft}; color: {p.warning_text};
    border: {thick}px solid {p.warning_border}; }}
QPushButton#callButton:focus {{ border: 4px solid {p.focus}; }}
#timelineDate {{ background: {p.primary}; border-radius: {r}px; }}
#timelineDate QLabel {{ color: {p.on_primary}; font-weight: 700; }}
#timelineLine {{ background: {p.border}; }}
#navBar {{ background: {p.surface}; border-top: {thick}px solid {p.border}; }}
#listenBar {{ background: {p.surface}; border-bottom: {thick}px solid {p.border}; }}
#contentProblems {{ background: {p.accent_soft}; color: {p.warning_text}; padding: 8px 24px;
    border-bottom: {thick + 1}px solid {p.warning_border}; font-size: {small}px; }}
#listenBar QLabel {{ font-size: {chrome}px; font-weight: 700; color: {p.text}; }}
QLabel[reading="false"] {{ border: 3px solid transparent; padding: 0px 6px; }}
QLabel[reading="true"] {{ background: {p.accent_soft}; border: 3px solid {p.warning_border};
    border-radius: 8px; padding: 0px 6px; }}
#overlay {{ background: {p.surface}; border: {thick + 1}px solid {p.primary};
    border-radius: {r + 4}px; }}

QScrollBar:vertical {{ width: 22px; background: {p.window}; }}
QScrollBar::handle:vertical {{ background: {p.scrollbar}; border-radius: 9px; min-height: 64px;
    margin: 2px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QDialog {{ background: transparent; }}
#dialogPanel {{ background: {p.surface}; border: {thick + 2}px solid {p.primary};
    border-radius: {r + 6}px; }}
#dialogPanel QScrollArea#dialogScroll, #dialogPanel QWidget#dialogBody {{
    background: {p.surface}; border-radius: {r + 6}px; }}
#dialogPanel QLabel#countdownNumber {{ font-size: {t.display}px; font-weight: 700;
    color: {p.primary}; font-family: "{PLAIN_DIGITS_FAMILY}"; }}
QLabel{kb}, QLabel#pageHeading{kb}, QLabel#verdict{kb} {{
    border: 3px solid {p.focus}; border-radius: 6px; }}
"""


def apply(app: QApplication, view: View | None = None, *, kiosk: bool | None = None) -> View:
    """Load fonts and style the whole application for ``view``; returns the view now in force."""
    global _current
    if view is None:
        view = View(kiosk=bool(kiosk))
    elif kiosk is not None:
        view = View(view.text_scale, view.high_contrast, kiosk, view.language)
    families = font_families(view.language)
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(type_scale(view).body)
    app.setFont(font)
    sheet = stylesheet(view, families)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    _current = view
    return view


def colour(name: str) -> QColor:
    """A colour of the palette in force."""
    return QColor(getattr(_current.palette, name))


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
