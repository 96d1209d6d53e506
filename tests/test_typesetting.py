"""Typesetting a careful reader trusts: Chinese words are never split over two lines, no
Chinese paragraph ends with a line of one character, and "CAR-T" never breaks at its hyphen.

The words are checked against jieba, a real segmenter with its own dictionary (a test and
tool dependency: the guide itself reads the word list tools/zh_words.py makes from it)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout

from cartguide.ui import theme
from cartguide.ui.widgets.text import WORD_JOINER, typeset

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import zh_words  # noqa: E402

pytest.importorskip("jieba")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WIDTHS = (150, 260, 410, 640)


def breaks(text: str, width: int, families: list[str], px: int = 30) -> list[int]:
    """Where lines start in ``text`` laid out ``width`` px wide (indices into ``text`` with
    its word joiners removed); the first line's 0 is left out."""
    shown = typeset(text)
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(px)
    layout = QTextLayout(shown, font)
    layout.beginLayout()
    starts = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    return [len(shown[:s].replace(WORD_JOINER, "")) for s in starts[1:]]


def inside_words(text: str) -> set[int]:
    """Positions inside a Chinese word of two or more characters, as jieba cuts ``text``."""
    inside, at = set(), 0
    for word in zh_words.segment(text):
        if len(word) >= 2 and all(_HAN.match(ch) for ch in word):
            inside.update(range(at + 1, at + len(word)))
        at += len(word)
    return inside


def test_the_word_list_is_the_one_jieba_gives_for_the_shipped_text() -> None:
    assert zh_words.main(["--check"]) == 0, "run: python tools/zh_words.py"


def test_no_chinese_line_splits_a_word_or_leaves_one_character(styled_app) -> None:  # type: ignore[no-untyped-def]
    """Every Chinese string the guide ships (pages, glossary, the UI's words), at several
    widths: no line break inside a word jieba finds, and no last line of one character."""
    families = theme.font_families("zh_CN")
    # the UI's templates as the guide fills them in ("回到第{0}步" -> "回到第3步")
    texts = sorted({re.sub(r"\{\d*\}", "3", t) for t in zh_words.shipped_chinese()})
    assert len(texts) > 300
    split, lonely = [], []
    for text in texts:
        inside = inside_words(text)
        for width in WIDTHS:
            starts = breaks(text, width, families)
            split += [(text[max(0, b - 4):b] + "/" + text[b:b + 4], width)
                      for b in starts if b in inside]
            if starts:
                last = [ch for ch in text[starts[-1]:] if _HAN.match(ch) or ch.isalnum()]
                if len(last) == 1:
                    lonely.append((text[-8:], width))
    assert not split, split[:20]
    assert not lonely, lonely[:20]


def shipped_strings(language: str) -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "content" / language).rglob("*.yaml")):
        found += list(zh_words.strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return found


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_car_t_never_breaks_at_its_hyphen_anywhere(styled_app, language: str) -> None:  # type: ignore[no-untyped-def]
    families = theme.font_families(language)
    texts = [t for t in shipped_strings(language) if "CAR-T" in t]
    assert texts
    for text in texts:
        for width in range(60, 700, 23):
            for b in breaks(text, width, families):
                assert not text[:b].endswith("CAR-"), (width, text)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_label_on_screen_is_typeset_and_named_as_written(make_window, language: str  # type: ignore[no-untyped-def]
                                                                ) -> None:
    """Tile texts, headings, the top bar and footer, dialog words: every label draws its text
    typeset ("CAR-" + joiner + "T"; Chinese words held together) and says it as written."""
    from PySide6.QtWidgets import QLabel

    from cartguide.ui.main_window import SECTIONS
    from cartguide.ui.widgets.text import TextLabel

    window = make_window(language=language)
    seen_car_t = 0
    for key in (*SECTIONS, *window.ctx.guide.topics):
        window.show_section(key)
        for label in window.findChildren(QLabel):
            if not label.isVisible() or isinstance(label, TextLabel):
                continue
            shown = QLabel.text(label)
            written = shown.replace(WORD_JOINER, "")
            if label.textFormat() == Qt.TextFormat.RichText:
                continue
            assert shown == typeset(written), (key, written)
            assert WORD_JOINER not in label.accessibleName(), (key, written)
            assert WORD_JOINER not in label.text()
            seen_car_t += "CAR-T" in written
    assert seen_car_t > 3
