"""The Simplified Chinese edition: one tap switches everything, nothing stays in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QFrame, QLabel, QWidget

from cartguide import ui_strings
from cartguide.content import compare_languages, load_guide, markup
from cartguide.ui.main_window import SECTIONS
from cartguide.ui.pages.steps import StepsPage
from tests.conftest import click, finish_visit, plain_text, visible_text


def all_words(window: QWidget) -> list[str]:
    """Everything a reader or a screen reader gets: label text, names, descriptions."""
    words = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            words.append(plain_text(widget))
        if isinstance(widget, QAbstractButton):
            words.append(widget.text())
        words += [widget.accessibleName(), widget.accessibleDescription()]
    return [w for w in words if w]


def zh_catalog_path() -> Path:
    from cartguide import resources

    return resources.content_root() / "zh_CN" / ui_strings.CATALOG_FILE


def english_fragments() -> list[str]:
    """Pieces of English UI text that must not appear in the Chinese UI."""
    catalog, _ = ui_strings.load_catalog(zh_catalog_path())
    fragments = []
    for ui in ui_strings.extract():
        if catalog.get(ui.text) == ui.text:
            continue  # the same in both (e.g. "OK")
        fragments += [p.strip() for p in re.split(r"\{\d+\}", ui.text) if len(p.strip()) >= 4]
    return fragments


def test_switch_language_on_the_same_page(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    click(qtbot, window, "Next: step 2")
    click(qtbot, window.findChild(QFrame, "topBar"), "Change language")
    guide = window.ctx.guide
    assert guide.language == "zh_CN"
    text = visible_text(window)
    step = guide.steps.steps[1]
    assert markup.plain(step.title, window.ctx.term_name) in text
    catalog, _ = ui_strings.load_catalog(zh_catalog_path())
    assert catalog["Step {0} of {1}"].format(2, 8) in text
    assert "Step 2 of" not in text
    # ... and back, still on the same step.
    click(qtbot, window.findChild(QFrame, "topBar"), "切换语言")
    assert window.ctx.guide.language == "en"
    assert "Step 2 of 8" in visible_text(window)


@pytest.mark.parametrize("kiosk", [False, True], ids=["window", "kiosk"])
def test_no_english_ui_string_on_any_chinese_page(make_window, qtbot, kiosk: bool) -> None:  # type: ignore[no-untyped-def]
    window = make_window(language="zh_CN", kiosk=kiosk)
    fragments = english_fragments()
    assert len(fragments) > 50
    screens = 0
    for key in SECTIONS:
        window.show_section(key)
        pages = [None]
        page = window.page(key)
        if isinstance(page, StepsPage):
            pages = list(range(page.count))
        for index in pages:
            if index is not None:
                page.show_step(index)
            qtbot.wait(0)
            screens += 1
            for words in all_words(window):
                for fragment in fragments:
                    assert fragment not in words, f"{key}[{index}]: {fragment!r} in {words!r}"
    assert screens == 14


def test_start_in_chinese_and_reset_returns_to_the_start_language(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(language="zh_CN", kiosk=True)
    assert window.language == "zh_CN"
    assert window.ctx.guide.home.title in visible_text(window)
    click(qtbot, window.findChild(QFrame, "topBar"), "切换语言")
    assert window.language == "en"
    finish_visit(qtbot, window)
    assert window.language == "zh_CN"
    assert window.is_fresh()


def test_parity_errors_name_the_file_and_line(content_copy: Path, tmp_path: Path) -> None:
    from cartguide import resources

    zh = tmp_path / "content" / "zh_CN"
    import shutil

    shutil.copytree(resources.content_root() / "zh_CN", zh)
    glossary = zh / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("  - id: median\n", "  - id: middle-value\n"),
                        encoding="utf-8")
    en = load_guide(content_copy)
    other = load_guide(zh)
    issues = compare_languages(en, other, content_copy, zh)
    messages = [str(i) for i in issues]
    en_line = next(n for n, line in enumerate(
        (content_copy / "glossary.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if line == "  - id: median")
    zh_line = next(n for n, line in enumerate(
        glossary.read_text(encoding="utf-8").splitlines(), 1) if line == "  - id: middle-value")
    assert any(f"glossary.yaml:{en_line}: terms: id 'median' has no match in zh_CN" in m
               for m in messages), messages
    assert any(f"glossary.yaml:{zh_line}: terms: id 'middle-value' has no match in en" in m
               for m in messages), messages


def test_catalog_problems_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "ui.yaml").write_text('Home: 首页\n"Text size {0}%": 字号\nHome: 又一个\n'
                                    "Gone away: 不用了\n", encoding="utf-8")
    strings = [ui_strings.UiString("Home", Path("a.py"), 1),
               ui_strings.UiString("Text size {0}%", Path("a.py"), 2),
               ui_strings.UiString("Finish", Path("b.py"), 9)]
    issues = [str(i) for i in ui_strings.check_catalog(folder, strings)]
    assert any("ui.yaml:2: Text size {0}%: the translation must keep" in i for i in issues)
    assert any("ui.yaml:3: Home: translated twice (first on line 1)" in i for i in issues)
    assert any("Finish: has no translation (used in b.py:9)" in i for i in issues)
    assert any("ui.yaml:4: warning: Gone away: is not used" in i for i in issues)


def test_the_catalog_leaves_qts_own_words_alone(make_window) -> None:  # type: ignore[no-untyped-def]
    """UI words come from the catalog; Qt's own words (page-size names among them) are never
    touched, and translating costs no leaked references (a Python QTranslator override in
    PySide6 lost a reference to None on every call)."""
    import sys

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QPageSize

    from cartguide.i18n import tr

    make_window(language="zh_CN")
    assert tr("Home") == "首页"
    assert QCoreApplication.translate("QPageSize", "A4") == "A4"
    assert QPageSize(QPageSize.PageSizeId.A4).isValid()
    before = sys.getrefcount(None)
    for _ in range(1000):
        tr("Home")
        QCoreApplication.translate("MainWindow", "Home")
    assert sys.getrefcount(None) >= before - 5


def test_no_english_name_left_on_the_window_after_switching_to_chinese(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Hidden objects too (a screen reader lists them): e.g. a spare page area named after
    the English home page (review finding 18)."""
    window = make_window()
    click(qtbot, window, window.ctx.guide.glossary.title)  # two pages built: two areas
    click(qtbot, window.findChild(QFrame, "topBar"), "Change language")
    assert window.language == "zh_CN"
    fragments = english_fragments()
    names = [window.accessibleName(), window.accessibleDescription()]
    for widget in window.findChildren(QWidget):
        names += [widget.accessibleName(), widget.accessibleDescription()]
    for words in filter(None, names):
        assert "Welcome to the CAR-T Guide" not in words
        for fragment in fragments:
            assert fragment not in words, f"{fragment!r} in {words!r}"
