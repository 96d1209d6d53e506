"""What screen readers are told about the guide's own widgets: roles Qt cannot guess.

Qt describes a QLabel as a label and a QPushButton as a button. The guide's headings, bullet
lists, illustrations, tiles, step chips and quiz questions need more: a heading role, list and
list-item roles (with the bullets left out), a graphic with its alt text, tiles that are one
button (not a button full of labels and icons), step chips as page tabs with exactly one
selected, and each quiz question a named group. One interface factory gives them these roles.

Widgets ask for a role with the ``a11y`` dynamic property (see the constants below); content
labels with ``role`` ``h1``/``h2``/``h3`` are headings. The factory must be installed after the
QApplication exists (installed earlier it has no effect on the AT-SPI bridge: see the audit,
../shared/reviews/a11y-audit-2026-11.md section 8) and before the first window is made; Qt asks
it for each object once and caches the answer.

Not here: heading levels. Qt reads them through QAccessibleAttributesInterface, which PySide6
cannot implement (a Python override of ``interface_cast`` crashes Qt; tried 2026-11).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAccessibleWidget,
    QApplication,
    QLabel,
    QPushButton,
    QWidget,
)

log = logging.getLogger(__name__)

#: values of the ``a11y`` property
HIDDEN = "hidden"  # decorative: left out of its parent's children
GRAPHIC = "graphic"  # a picture; its accessible name is the alt text
LIST = "list"
LIST_ITEM = "listitem"
GROUP = "group"  # a named group (a quiz question, a card)
BUTTON = "button"  # one button, its inner labels and icons left out (tiles)
PAGE_TAB = "pagetab"  # a step chip: selected when its ``current`` property is true
LINK = "link"  # a glossary word (ui/widgets/text.py TermLink)
RADIO = "radio"  # a quiz answer (Qt calls a radio button that is not auto-exclusive a check box)

HEADING_ROLES = ("h1", "h2", "h3")

_installed = False


class _Activity(QObject):
    """Someone used the guide through assistive technology (a kiosk's idle timer listens)."""

    used = Signal()


activity = _Activity()


def mark(widget: QWidget, kind: str) -> None:
    """Ask for an accessible role (one of the constants above) for ``widget``."""
    widget.setProperty("a11y", kind)


def _shown_children(widget: QWidget) -> list[QAccessibleInterface]:
    """The accessible children of ``widget``, without the decorative ones."""
    found: list[QAccessibleInterface] = []
    for child in widget.children():
        if (not isinstance(child, QWidget) or child.isWindow()
                or child.property("a11y") == HIDDEN):
            continue
        iface = QAccessible.queryAccessibleInterface(child)
        if iface is not None:
            found.append(iface)
    return found


class _Widget(QAccessibleWidget):
    """A widget with a role of our choosing; decorative children are left out."""

    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)

    def childCount(self) -> int:  # noqa: N802 - Qt override
        return len(_shown_children(self.widget()))

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        children = _shown_children(self.widget())
        return children[index] if 0 <= index < len(children) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802 - Qt override
        target = child.object()
        for i, iface in enumerate(_shown_children(self.widget())):
            if iface.object() is target:
                return i
        return -1


class _Heading(_Widget):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.Heading)

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            label = self.widget()
            return label.accessibleName() or (label.text() if isinstance(label, QLabel) else "")
        return super().text(kind)


class _Leaf(_Widget):
    """A picture or a list item: one object with a name, nothing inside."""

    def childCount(self) -> int:  # noqa: N802 - Qt override
        return 0

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        return None


class _ListItem(_Widget):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.ListItem)


class _Button(_Leaf):
    """A button (a whole tile as one): pressing it through AT-SPI clicks it, counts as
    activity, and does nothing while a dialog is open over it (as a finger could not)."""

    def __init__(self, widget: QWidget, role: QAccessible.Role = QAccessible.Role.Button) -> None:
        super().__init__(widget, role)

    def role(self) -> QAccessible.Role:
        button = self.widget()
        own = super().role()
        if own == QAccessible.Role.Button and isinstance(button, QAbstractButton) \
                and button.isCheckable():
            return QAccessible.Role.CheckBox  # made checkable after Qt first asked
        return own

    def text(self, kind: QAccessible.Text) -> str:
        button = self.widget()
        if (kind == QAccessible.Text.Name and not button.accessibleName()
                and isinstance(button, QAbstractButton)):
            return button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        return super().text(kind)

    def state(self) -> QAccessible.State:
        state = super().state()
        button = self.widget()
        if self.role() == QAccessible.Role.PageTab:
            state.selectable = True
            state.selected = bool(button.property("current"))
        if isinstance(button, QAbstractButton) and button.isCheckable():
            state.checkable = True
            state.checked = button.isChecked()
        if isinstance(button, QAbstractButton) and button.isDown():
            state.pressed = True
        return state

    def actionNames(self) -> list[str]:  # noqa: N802 - Qt override
        names = [self.pressAction()] if self.widget().isEnabled() else []
        return names + super().actionNames()

    def doAction(self, name: str) -> None:  # noqa: N802 - Qt override
        button = self.widget()
        modal = QApplication.activeModalWidget()
        if modal is not None and button.window() is not modal:
            log.info("ignored %r on %r: a dialog is open", name, button.accessibleName())
            return  # the page behind a dialog cannot be operated, by any means
        activity.used.emit()
        if name == self.pressAction() and isinstance(button, QAbstractButton):
            if button.isEnabled():
                button.animateClick()
            return
        super().doAction(name)

    def keyBindingsForAction(self, name: str) -> list[str]:  # noqa: N802 - Qt override
        return []


_ROLES = {
    GRAPHIC: QAccessible.Role.Graphic,
    LIST: QAccessible.Role.List,
    GROUP: QAccessible.Role.Grouping,
}


def _factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget):
        return None
    kind = obj.property("a11y")
    if kind is None:
        if isinstance(obj, QLabel) and obj.property("role") in HEADING_ROLES:
            return _Heading(obj)
        if type(obj) is QPushButton:  # Qt's own: a press would reach a page behind a dialog
            return _Button(obj)
        return None
    if kind == BUTTON:
        return _Button(obj)
    if kind == PAGE_TAB:
        return _Button(obj, QAccessible.Role.PageTab)
    if kind == LINK:
        return _Button(obj, QAccessible.Role.Link)
    if kind == RADIO:
        return _Button(obj, QAccessible.Role.RadioButton)
    if kind == LIST_ITEM:
        return _ListItem(obj)
    if kind == GRAPHIC:
        return _Leaf(obj, QAccessible.Role.Graphic)
    if kind == HIDDEN:
        return None  # its parent leaves it out; if asked directly, Qt's own answer
    role = _ROLES.get(str(kind))
    return _Widget(obj, role) if role is not None else None


def install() -> None:
    """Install the factory (once). Needs a QApplication."""
    global _installed
    if _installed:
        return
    if QApplication.instance() is None:
        raise RuntimeError("install the accessibility factory after the QApplication exists")
    QAccessible.installFactory(_factory)
    _installed = True


def state_changed(widget: QWidget, **changes: bool) -> None:
    """Tell assistive technology that a state we report (``selected``, ...) changed."""
    if not QAccessible.isActive():
        return
    state = QAccessible.State()
    for name, value in changes.items():
        setattr(state, name, value)
    from PySide6.QtGui import QAccessibleStateChangeEvent

    QAccessible.updateAccessibility(QAccessibleStateChangeEvent(widget, state))


def use_language(window: QWidget, language: str) -> None:
    """The accessible language follows the guide's: screen readers pick a voice from it."""
    locale = QLocale(language)
    QLocale.setDefault(locale)
    window.setLocale(locale)
