"""The print dialog in window mode: choosing another print-out keeps it over the whole window
(it jumped to the top left with a 948x698 backdrop and cut off Print, Save as PDF and Close),
and its five print-outs are one-of-many: radio buttons in a named group."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QFrame, QWidget

from cartguide.i18n import tr
from cartguide.ui import theme
from cartguide.ui.print_panel import PrintDialog
from tests.conftest import buttons_named, click, tap

DOCUMENTS = ("Handout", "Wallet card", "Sheet of 10 wallet cards", "Personal plan",
             "My questions checklist")


def open_print(qtbot, window) -> PrintDialog:  # type: ignore[no-untyped-def]
    click(qtbot, window.findChild(QFrame, "listenBar"), tr("Print"))
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PrintDialog)))
    return next(d for d in window.findChildren(PrintDialog) if d.isVisible())


def on_screen(widget: QWidget, window: QWidget) -> bool:
    """The whole widget is inside the window and not scrolled out of its dialog's view."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    area = QRect(top_left, widget.size())
    if not QRect(QPoint(0, 0), window.size()).contains(area):
        return False
    viewport = widget.parentWidget()
    while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()
    if viewport is None:
        return True
    seen = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
    return seen.contains(area)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size, scale", [((1366, 768), 1.0), ((1280, 860), 1.0),
                                         ((1366, 768), 2.0)],
                         ids=["laptop", "window", "laptop-200"])
def test_choosing_a_print_out_keeps_the_dialog_over_the_window(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                               language: str, size,
                                                               scale: float) -> None:
    window = make_window(language=language, size=size, view=theme.View(text_scale=scale))
    dialog = open_print(qtbot, window)
    for name in ("Wallet card", "Personal plan", "My questions checklist", "Handout"):
        choice = buttons_named(dialog, tr(name))[0]
        tap(choice)
        QApplication.processEvents()
        assert choice.isChecked()
        cover = QRect(dialog.mapToGlobal(QPoint(0, 0)), dialog.size())
        assert cover == QRect(window.mapToGlobal(QPoint(0, 0)), window.size()), name
        panel = dialog.panel.geometry()
        assert dialog.rect().contains(panel), (name, panel, dialog.rect())
        for button in (tr("Print"), tr("Save as PDF"), tr("Close")):
            found = buttons_named(dialog, button)
            assert len(found) == 1 and on_screen(found[0], window), (name, button)


def test_the_print_outs_are_radio_buttons_in_a_named_group(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1366, 768))
    dialog = open_print(qtbot, window)
    choices = [buttons_named(dialog, tr(name))[0] for name in DOCUMENTS]
    for button in choices:
        iface = QAccessible.queryAccessibleInterface(button)
        assert iface.role() == QAccessible.Role.RadioButton, button.accessibleName()
    group = QAccessible.queryAccessibleInterface(choices[0]).parent()
    assert group.role() == QAccessible.Role.Grouping and group.text(
        QAccessible.Text.Name) == tr("What to print")
    tap(choices[1])
    QApplication.processEvents()
    checked = [b.accessibleName() for b in choices if b.isChecked()]
    assert checked == ["Wallet card"]  # one of many: choosing one unchooses the other
    tap(choices[1])  # a second tap keeps it chosen: never none
    assert [b for b in choices if b.isChecked()] == [choices[1]]
    assert all(isinstance(b, QAbstractButton) and b.metaObject().className() == "QRadioButton"
               for b in choices)
