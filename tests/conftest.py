"""Shared fixtures: offscreen Qt, a throw-away log folder, the app's theme, and UI helpers that
find controls the way a person (or a screen reader) does: by their accessible names."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from cartguide import resources


@pytest.fixture(autouse=True)
def _fresh_logs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write into the developer's real log folder."""
    monkeypatch.setenv("CARTGUIDE_LOG_DIR", str(tmp_path_factory.mktemp("logs")))


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled English content, to break on purpose."""
    target = tmp_path / "content" / "en"
    shutil.copytree(resources.content_root() / "en", target)
    return target


def drop_keys(text: str, *keys: str) -> str:
    """A section file's text without the named top-level keys (and their indented values):
    tests that add such a key to a copy of the shipped content start from a file without it."""
    import re

    for key in keys:
        text = re.sub(rf"(?m)^{re.escape(key)}:.*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", "", text)
    return text


def drop_source_fields(text: str, source_id: str, *fields: str) -> str:
    """about.yaml's text with the named fields (url, checked) removed from one source."""
    import re

    def strip(match: re.Match[str]) -> str:
        body = match.group(0)
        for field in fields:
            body = re.sub(rf"(?m)^    {re.escape(field)}:.*\n", "", body)
        return body

    return re.sub(rf"(?ms)^  - id: {re.escape(source_id)}\n.*?(?=^  - id: |\Z)", strip, text)


@pytest.fixture
def styled_app(qapp: QApplication) -> QApplication:
    from cartguide.ui import theme

    theme.apply(qapp)
    return qapp


def dispose(win: QWidget) -> None:
    """Really delete a window (and its kiosk services, which filter every event of the app)."""
    from cartguide.ui import theme, translator

    if not shiboken6.isValid(win):
        return  # already disposed by the test itself
    while QApplication.overrideCursor() is not None:
        QApplication.restoreOverrideCursor()
    if hasattr(win, "allow_close"):
        win.allow_close()
    win.close()
    win.deleteLater()
    translator.install(Path("en"), "en")  # back to English words
    # Neither processEvents() nor a zero wait runs deferred deletes here; without this every
    # test's window stays alive and each restyle of the app gets slower.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    theme.apply(QApplication.instance(), theme.View())


@pytest.fixture
def make_window(qtbot, styled_app: QApplication):  # type: ignore[no-untyped-def]
    """Build windows like the app does (``build_window``); all are disposed after the test."""
    from cartguide.app import open_guide

    made: list[QWidget] = []

    def make(*, kiosk: bool = False, view=None, size=(1280, 860), settings=None,  # type: ignore[no-untyped-def]
             language: str = "en", speaker=None, content=None):
        from tests.fakes import FakeSpeaker

        scale, contrast = (view.text_scale, view.high_contrast) if view else (1.0, False)
        win = open_guide(styled_app, lang=language, kiosk=kiosk, settings=settings, content=content,
                         text_scale=scale, high_contrast=contrast,
                         speaker=speaker if speaker is not None else FakeSpeaker())
        made.append(win)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        return win

    yield make
    for win in made:
        dispose(win)


@pytest.fixture
def window(make_window):  # type: ignore[no-untyped-def]
    return make_window()


def plain_text(label: QLabel) -> str:
    """What a person reads on the label (without the invisible word joiners that keep
    "CAR-T" and Chinese words whole on a line)."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or "<" in text:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return text.replace("\u2060", "")


def visible_text(root: QWidget) -> str:
    """All text a person can see in ``root`` now, one label a line."""
    return "\n".join(
        plain_text(label) for label in root.findChildren(QLabel) if label.isVisibleTo(root.window())
        and label.isVisible()
    )


def buttons_named(root: QWidget, name: str) -> list[QAbstractButton]:
    return [b for b in root.findChildren(QAbstractButton)
            if b.accessibleName() == name and b.isVisible()]


def click(qtbot, root: QWidget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Press the one visible, enabled control with this accessible name. A name that also
    carries a value or a visible word finds it too: "Text size" finds "Text size 150%",
    "Change language" finds "中文 (Change language)"."""
    found = buttons_named(root, name)
    if not found:
        found = [b for b in root.findChildren(QAbstractButton) if b.isVisible()
                 and (b.accessibleName().startswith(f"{name} ")
                      or b.accessibleName().endswith(f" ({name})"))]
    names = sorted({b.accessibleName() for b in root.findChildren(QAbstractButton)
                    if b.isVisible()})
    assert len(found) == 1, (
        f"expected one visible control named {name!r}, found {len(found)}; visible: {names}")
    assert found[0].isEnabled(), f"{name!r} is disabled"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    # Widgets added to a visible layout are shown by a queued call: let the screen update,
    # as it would before a person looks at it.
    QApplication.processEvents()


def finish_visit(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A kiosk visitor presses Finish on the top bar and says yes when asked."""
    from cartguide.i18n import tr
    from cartguide.ui.main_window import FinishDialog

    click(qtbot, window.findChild(QWidget, "topBar"), tr("Finish"))
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(FinishDialog)))
    dialog = next(d for d in window.findChildren(FinishDialog) if d.isVisible())
    click(qtbot, dialog, tr("Yes, start over"))


def drag(widget: QWidget, start: QPoint, end: QPoint, *, steps: int = 20,
         button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """A finger (or a touch screen acting as a mouse) pressed at ``start`` in ``widget``,
    moved to ``end`` and lifted. The events go in where the system's do, at the window, so Qt
    finds the widget under the finger itself and the kiosk's input watchers see them."""
    top = widget.window()
    handle = top.windowHandle()
    first, last = widget.mapTo(top, start), widget.mapTo(top, end)
    none = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(handle, button, none, first)
    for i in range(1, steps + 1):
        QTest.mouseMove(handle, first + (last - first) * i / steps, 10)
    QTest.mouseRelease(handle, button, none, last, 10)


def tap(widget: QWidget, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """A tap in the middle of ``widget``, delivered like a real one (see :func:`drag`)."""
    top = widget.window()
    QTest.mouseClick(top.windowHandle(), button, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(top, widget.rect().center()))


def press_key(widget: QWidget, key: Qt.Key,
              modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on a real keyboard while ``widget``'s window has the focus."""
    QTest.keyClick(widget.window().windowHandle(), key, modifiers)
