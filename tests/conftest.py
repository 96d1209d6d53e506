"""Shared fixtures: offscreen Qt, a throw-away log folder, the app's theme, and UI helpers that
find controls the way a person (or a screen reader) does: by their accessible names."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, Qt  # noqa: E402
from PySide6.QtGui import QTextDocumentFragment  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget  # noqa: E402

from cartguide import resources  # noqa: E402


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


@pytest.fixture
def styled_app(qapp: QApplication) -> QApplication:
    from cartguide.ui import theme

    theme.apply(qapp)
    return qapp


@pytest.fixture
def window(qtbot, styled_app: QApplication) -> Iterator:  # type: ignore[no-untyped-def]
    from cartguide.app import load
    from cartguide.ui.main_window import MainWindow

    result = load()
    win = MainWindow(result.guide, issues=result.issues)
    qtbot.addWidget(win)
    win.resize(1280, 860)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.deleteLater()
    # Neither processEvents() nor a zero wait runs deferred deletes here; without this every
    # test's window stays alive and each restyle of the app gets slower.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def plain_text(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or "<" in text:
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


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
    """Press the one visible, enabled control with this accessible name."""
    found = buttons_named(root, name)
    assert len(found) == 1, (
        f"expected one visible control named {name!r}, found {len(found)}; visible names: "
        f"{sorted({b.accessibleName() for b in root.findChildren(QAbstractButton) if b.isVisible()})}"
    )
    assert found[0].isEnabled(), f"{name!r} is disabled"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)
    # Widgets added to a visible layout are shown by a queued call: let the screen update,
    # as it would before a person looks at it.
    QApplication.processEvents()
