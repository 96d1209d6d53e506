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

Headings carry their level (AT-SPI attribute ``level``: 1 for the page title, 2 for its sections,
3 inside them; ``set_heading_level`` where the look and the outline differ) and their locale,
through QAccessibleAttributesInterface. PySide6 6.11 can implement it if ``interface_cast``
returns a ``shiboken6.VoidPtr``: the address of the Python object's second C++ base for that
interface, and a null VoidPtr (never None: that crashes Qt) for interfaces it does not have.

The accessible language: ``use_language`` sets the default and the window's locale; AT-SPI's
GetLocale answers it for every object (for headings, from their Locale attribute). Not here:
the AT-SPI text attribute ``language``, which Orca reads to pick a voice per run of text. Qt
builds it from QAccessibleTextInterface.attributes(), and PySide6 6.11 leaves that method (and
textAtOffset, selection ...) out of its binding, so a Python interface cannot supply it
(tried 2026-12: the wrapper answers an empty attribute set). Orca 43 takes its voice's language
from its own locale instead: see README.md, "Screen readers".
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAttributesInterface,
    QAccessibleInterface,
    QAccessibleObject,
)
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
#: the outline level a screen reader announces ("heading level 2") for each heading role
HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3}

_installed = False


class _Activity(QObject):
    """Someone used the guide through assistive technology (a kiosk's idle timer listens)."""

    used = Signal()


activity = _Activity()


def mark(widget: QWidget, kind: str) -> None:
    """Ask for an accessible role (one of the constants above) for ``widget``."""
    widget.setProperty("a11y", kind)


def set_heading_level(label: QWidget, level: int) -> None:
    """Give a heading another outline level than its look says (a card heading drawn as ``h3``
    that is the first level under the page title is level 2), so each page's outline has no
    gaps."""
    label.setProperty("heading_level", level)


def heading_level(label: QWidget) -> int:
    """The outline level a screen reader announces for a heading: 1, 2 or 3."""
    level = label.property("heading_level")
    if isinstance(level, int) and 1 <= level <= 6:
        return level
    return HEADING_LEVELS.get(str(label.property("role")), 1)


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


def behind_a_dialog(widget: QWidget) -> bool:
    """Whether ``widget`` lies on a window behind an open dialog: no action reaches it then,
    whether a finger's, a key's or assistive technology's (Press, SetFocus, ...)."""
    modal = QApplication.activeModalWidget()
    return modal is not None and widget.window() is not modal


class _Widget(QAccessibleWidget):
    """A widget with a role of our choosing; decorative children are left out. Its actions
    (Qt offers SetFocus on any focusable widget) do nothing behind a dialog."""

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

    def doAction(self, name: str) -> None:  # noqa: N802 - Qt override
        widget = self.widget()
        if behind_a_dialog(widget):
            log.info("ignored %r on %r: a dialog is open", name, widget.accessibleName())
            return  # a SetFocus would make it the focus when the dialog closes
        activity.used.emit()
        super().doAction(name)


def _no_interface() -> int:
    """What ``interface_cast`` returns for an interface the object does not have: a null
    pointer. (Returning None from a Python ``interface_cast`` crashes PySide6 6.11.)"""
    return shiboken6.VoidPtr(0)  # type: ignore[return-value]


class _Heading(_Widget, QAccessibleAttributesInterface):
    """A heading with its level (1, 2, 3 for ``h1``, ``h2``, ``h3``) and its language.

    Qt reads both through QAccessibleAttributesInterface, found through ``interface_cast``. In
    PySide6 the Python object's second C++ base is a separate C++ object: ``interface_cast`` must
    hand Qt that object's address (``shiboken6.getCppPointer(self)[1]``) as a VoidPtr."""

    def __init__(self, widget: QWidget) -> None:
        QAccessibleWidget.__init__(self, widget, QAccessible.Role.Heading)
        QAccessibleAttributesInterface.__init__(self)

    def interface_cast(self, kind: QAccessible.InterfaceType) -> int:
        if kind == QAccessible.InterfaceType.AttributesInterface:
            return shiboken6.VoidPtr(shiboken6.getCppPointer(self)[1])  # type: ignore[return-value]
        found = QAccessibleWidget.interface_cast(self, kind)
        return found if found is not None else _no_interface()

    def attributeKeys(self) -> list[QAccessible.Attribute]:  # noqa: N802 - Qt override
        return [QAccessible.Attribute.Level, QAccessible.Attribute.Locale]

    def attributeValue(self, key: QAccessible.Attribute) -> object:  # noqa: N802 - Qt override
        widget = self.widget()
        if key == QAccessible.Attribute.Level:
            return heading_level(widget)
        if key == QAccessible.Attribute.Locale:  # AT-SPI's GetLocale (Qt 6.10 and later)
            return widget.locale()
        return None

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
        if behind_a_dialog(button):
            log.info("ignored %r on %r: a dialog is open", name, button.accessibleName())
            return  # the page behind a dialog cannot be operated, by any means
        activity.used.emit()
        if name == self.pressAction() and isinstance(button, QAbstractButton):
            if button.isEnabled():
                button.animateClick()
            return
        QAccessibleWidget.doAction(self, name)

    def keyBindingsForAction(self, name: str) -> list[str]:  # noqa: N802 - Qt override
        return []


class _Application(QAccessibleObject):
    """The application itself, as assistive technology meets it first (the root of its tree):
    named by the guide's title in the language shown. Qt's own says the name given to the
    QApplication (English, for settings and logs) and, as its description, the program's file
    path: a Python interpreter's, meaningless to a listener."""

    def __init__(self, app: QObject) -> None:
        super().__init__(app)

    def _windows(self) -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w.windowType() != Qt.WindowType.Popup]

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Application

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return _app_title
        return ""

    def state(self) -> QAccessible.State:
        return QAccessible.State()

    def parent(self) -> QAccessibleInterface | None:  # type: ignore[override]
        return None

    def childCount(self) -> int:  # noqa: N802 - Qt override
        return len(self._windows())

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        windows = self._windows()
        if 0 <= index < len(windows):
            return QAccessible.queryAccessibleInterface(windows[index])
        return None

    def indexOfChild(self, child: QAccessibleInterface) -> int:  # noqa: N802 - Qt override
        target = child.object()
        for i, window in enumerate(self._windows()):
            if window is target:
                return i
        return -1

    def focusChild(self) -> QAccessibleInterface | None:  # type: ignore[override]  # noqa: N802
        window = QApplication.activeWindow()
        return QAccessible.queryAccessibleInterface(window) if window is not None else None


_app_title = ""


def use_app_title(title: str) -> None:
    """What assistive technology calls the application: the guide's title in its language."""
    global _app_title
    _app_title = title


_ROLES = {
    GRAPHIC: QAccessible.Role.Graphic,
    LIST: QAccessible.Role.List,
    GROUP: QAccessible.Role.Grouping,
}


def _factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget):
        if obj is QApplication.instance():
            return _Application(obj)
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
