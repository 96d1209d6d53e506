"""Kiosk lock-down: full screen, no way out for a visitor, a hidden way out for staff.

A visitor cannot close, quit, minimise or leave the guide: close requests, Alt+F4, Escape and
Ctrl+Q are ignored (Escape closes an open dialog, as its Close button does, and nothing more),
context menus never open, the pointer is hidden (touch screens need none), and the guide has
no links that leave it and no file or print dialogs. Text cannot be selected
or copied (Ctrl+A, Ctrl+C are swallowed).

A window manager is not trusted to keep it that way (kiosk red-team B1, B2): every window of the
guide is frameless (no title bar, so no minimise button), the main window comes back full screen
and active whenever it is minimised, hidden, moved to another desktop or loses the focus, and
on X11 the guide holds an active keyboard grab so the window manager's own shortcuts (Alt+Tab,
Super+D, Ctrl+Alt+arrows, Alt+Space) never reach it.

The grab and the Orca screen reader: Orca 43 (Debian 12) hears its commands (Insert+H, the
keypad's review keys) from the application that has the keys, through Qt's AT-SPI bridge, which
forwards every key event to the registry before the app uses it. So the keys reach Orca through
the guide (tested: tests/test_realdesk_kiosk.py). A screen reader that takes its keys with X
grabs of its own would lose them to the guide's grab: a site can switch the grab off
(``kiosk_keyboard_grab: no``) and lock the window manager down instead (docs/kiosk-install.md).

Staff hold the title in the top bar for three seconds and enter the PIN on an on-screen keypad;
after too many wrong PINs the keypad locks for a while.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cartguide import safe_read
from cartguide.config import Settings, verify_pin
from cartguide.i18n import tr
from cartguide.ui.input_watch import InputWatcher
from cartguide.ui.main_window import MainWindow
from cartguide.ui.widgets.dialog import CalmDialog
from cartguide.ui.widgets.text import PlainLabel

log = logging.getLogger(__name__)

#: Exit status when staff leave the kiosk on purpose (the systemd unit does not restart on it).
STAFF_EXIT_CODE = 75

_MOUSE_BUTTONS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                  QEvent.Type.MouseButtonDblClick)
#: Events on the main window that may mean it left the screen or lost the focus.
_AWAY = (QEvent.Type.WindowStateChange, QEvent.Type.Hide, QEvent.Type.WindowDeactivate)



def _blocked_keys() -> tuple[QKeySequence, ...]:
    """Keys that would close, quit or leave full screen. (Built only once a QGuiApplication
    exists: standard key sequences need the platform theme.)"""
    return (
        QKeySequence(Qt.Key.Key_Escape),
        QKeySequence(QKeySequence.StandardKey.Quit),
        QKeySequence(QKeySequence.StandardKey.Close),
        QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q),
        QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_W),
        QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_F4),
        QKeySequence(Qt.Key.Key_F11),
        # Nothing is selected or copied on a kiosk (red-team B12): the next visitor's clipboard
        # is nobody's business, and a selection can be dragged out as HTML.
        QKeySequence(QKeySequence.StandardKey.SelectAll),
        QKeySequence(QKeySequence.StandardKey.Copy),
        QKeySequence(QKeySequence.StandardKey.Cut),
        QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_A),
        QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_C),
        QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Insert),
    )


#: How often the main window is checked even when no event said anything changed: a window
#: manager does not always tell a client that it was hidden (e.g. "show desktop").
CHECK_MS = 1000
#: After an event that may mean the window went away: let the window manager finish first.
SETTLE_MS = 150
#: Still away this long after a gentle attempt: map the window anew.
HARD_AFTER_S = 0.5


class StaffLock:
    """Counts wrong PINs and locks the keypad for a while after too many; each lock-out in a
    row lasts twice as long as the one before (at most a day).

    The count and the lock are kept on disk (``path``, written atomically), in wall-clock time,
    so neither a crash, a kill, a watchdog restart nor a power cut clears them (red-team B7:
    ``kill -9`` and a restart let the right PIN in at once). Every wrong PIN is logged with its
    count, never the digits.
    """

    MAX_LOCK_SECONDS = 24 * 3600

    def __init__(self, attempts: int, seconds: int, path: Path | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._attempts = attempts
        self._seconds = seconds
        self._clock = clock
        self._path = path
        self._wrong = 0
        self._lockouts = 0  # lock-outs in a row (since the last right PIN)
        self._locked_until = 0.0
        self._load()

    def _load(self) -> None:
        if self._path is None or not self._path.exists():
            return
        try:

            state = json.loads(safe_read.read_bytes(self._path, 4096).decode("utf-8"))
            wrong, lockouts, until = (state["wrong"], state["lockouts"], state["locked_until"])
            if not (isinstance(wrong, int) and isinstance(lockouts, int)
                    and isinstance(until, (int, float))):
                raise ValueError("wrong types")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Unreadable or edited: lock for the site's time rather than trust it.
            log.warning("staff lock-out state %s unreadable (%s); keypad locked for %d s",
                        self._path, exc, self._seconds)
            self._locked_until = self._clock() + self._seconds
            return
        self._wrong = max(0, wrong)
        self._lockouts = max(0, lockouts)
        # A clock set back must not stretch a lock beyond its longest length.
        self._locked_until = min(float(until), self._clock() + self.MAX_LOCK_SECONDS)

    def _save(self) -> None:
        if self._path is None:
            return
        state = {"wrong": self._wrong, "lockouts": self._lockouts,
                 "locked_until": self._locked_until}
        try:
            safe_read.write_atomically(self._path, json.dumps(state), mode=0o644)
        except OSError as exc:
            log.warning("could not keep the staff lock-out state in %s: %s", self._path, exc)

    def seconds_left(self) -> int:
        return max(0, min(round(self._locked_until - self._clock()), self.MAX_LOCK_SECONDS))

    def record(self, correct: bool) -> None:
        if correct:
            self._wrong = 0
            self._lockouts = 0
            self._save()
            return
        self._wrong += 1
        log.warning("staff PIN: wrong attempt %d of %d", self._wrong, self._attempts)
        if self._wrong >= self._attempts:
            self._wrong = 0
            self._lockouts += 1
            length = min(self._seconds * 2 ** min(self._lockouts - 1, 16), self.MAX_LOCK_SECONDS)
            self._locked_until = self._clock() + length
            log.warning("staff PIN: %d wrong attempts; keypad locked for %d s (lock-out %d in "
                        "a row)", self._attempts, length, self._lockouts)
        self._save()


def lock_state_path() -> Path:
    """Where the staff lock-out is kept: ``$XDG_STATE_HOME/cartguide/staff-lock.json``."""
    from cartguide.logs import state_dir

    return state_dir() / "staff-lock.json"


class StaffPinDialog(CalmDialog):
    """An on-screen keypad of plain buttons. Never shows the digits, only dots."""

    accepted_pin = Signal()
    #: Wide enough that the question and the message keep to a line or two at 200 % (the
    #: keypad scrolls less on a 1080-px kiosk).
    panel_width = 1100

    def __init__(self, settings: Settings, lock: StaffLock, parent: QWidget | None = None) -> None:
        super().__init__("staffPinDialog", tr("Staff: enter the PIN to leave kiosk mode"),
                         role="h2", parent=parent)
        self.setAccessibleName(tr("Staff sign-in"))
        self._settings = settings
        self._lock = lock
        self._digits = ""
        self._keys: list[QPushButton] = []
        # Beside the keypad on a landscape screen, above it on a portrait one: at 200 % text a
        # 1080-px kiosk fits the keypad, its words and Cancel without scrolling (see fit_panel).
        self._sheet = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._sheet.setSpacing(24)
        words = QVBoxLayout()
        words.setSpacing(24)
        layout = words
        self._display = PlainLabel("")
        self._display.setObjectName("pinDisplay")
        self._display.setProperty("role", "h1")
        self._display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._display.setAccessibleName(tr("PIN entered"))
        layout.addWidget(self._display)
        self._message = PlainLabel("")
        self._message.setObjectName("pinMessage")
        self._message.setWordWrap(True)
        # Takes the focus after a wrong PIN, so a screen reader says it (OK is disabled then,
        # and the focus would otherwise jump to Cancel in silence: a11y audit #20).
        self._message.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout.addWidget(self._message)
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit), index // 3, index % 3)
        clear = QPushButton(tr("Clear"))
        clear.setAccessibleName(tr("Clear"))
        clear.setAccessibleDescription(tr("Remove the digits entered so far"))
        clear.clicked.connect(self._clear)
        grid.addWidget(clear, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        self._ok = QPushButton(tr("OK"))
        self._ok.setProperty("variant", "primary")
        self._ok.setAccessibleName(tr("OK"))
        self._ok.setAccessibleDescription(tr("Check the PIN"))
        self._ok.clicked.connect(self._submit)
        grid.addWidget(self._ok, 3, 2)
        words.addStretch(1)
        self._sheet.addLayout(words, 1)
        self._sheet.addLayout(grid, 1)
        layout = self.body
        layout.addLayout(self._sheet)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton(tr("Cancel"))
        cancel.setAccessibleName(tr("Cancel"))
        cancel.setAccessibleDescription(tr("Close the keypad and stay in the guide"))
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        layout.addLayout(row)
        if settings.staff_pin_hash is None:
            self._message.setText(tr(
                "No staff PIN is set on this kiosk. IT can set one with 'cartguide set-pin'."))
        self._refresh()

    def fit_panel(self) -> None:
        if not hasattr(self, "_sheet"):  # CalmDialog's own set-up, before the keypad is made
            super().fit_panel()
            return
        owner = self.parentWidget()
        room = owner.window().size() if owner is not None else self.size()
        landscape = room.width() > room.height()
        self._sheet.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                                 else QBoxLayout.Direction.TopToBottom)
        self.panel_width = 1600 if landscape else type(self).panel_width
        super().fit_panel()

    def _key(self, digit: str) -> QPushButton:
        button = QPushButton(digit)
        button.setAccessibleName(digit)
        button.setAccessibleDescription(tr("Enter the digit {0}").format(digit))
        button.setMinimumSize(96, 72)
        button.clicked.connect(lambda _checked=False, d=digit: self.press(d))
        self._keys.append(button)
        return button

    @Slot(str)
    def press(self, digit: str) -> None:
        if len(self._digits) < 8 and not self._lock.seconds_left():
            self._digits += digit
            self._refresh()

    @Slot()
    def _clear(self) -> None:
        self._digits = ""
        self._refresh()

    def _refresh(self) -> None:
        self._display.setText("\u25cf " * len(self._digits) or " ")
        # The dots are not words: how many digits are entered is said in words, on the display
        # and on each key (a screen reader says the focused key's new description at once).
        count = tr("Digits entered: {0}").format(len(self._digits))
        self._display.setAccessibleName(tr("{0}. {1}").format(tr("PIN entered"), count))
        for key in self._keys:
            key.setAccessibleDescription(
                tr("{0}. {1}").format(tr("Enter the digit {0}").format(key.text()), count))
        locked = self._lock.seconds_left()
        if locked:
            minutes = max(1, round(locked / 60))
            self._message.setText(tr("Too many wrong PINs. Try again in {0} min.")
                                  .format(minutes))
        self._ok.setEnabled(bool(self._digits) and not locked
                            and self._settings.staff_pin_hash is not None)

    @Slot()
    def _submit(self) -> None:
        if self._lock.seconds_left():
            self._refresh()
            return
        correct = verify_pin(self._digits, self._settings.staff_pin_hash)
        self._lock.record(correct)
        self._digits = ""
        if correct:
            log.info("staff PIN accepted; leaving kiosk mode")
            self.accepted_pin.emit()
            self.accept()
            return
        self._message.setText(tr("That PIN is not right."))
        self._refresh()
        self._message.setFocus(Qt.FocusReason.OtherFocusReason)


class KioskGuard(InputWatcher):
    """Locks the window down and owns the staff exit. One per kiosk window."""

    # InputWatcher's __init__ already watches the windows open now (calling ``watch``), before
    # this class's __init__ has set these; the windows are watched again once it has.
    _guarding = False
    _grab_keyboard = False

    def __init__(self, window: MainWindow, settings: Settings,
                 lock: StaffLock | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._lock = lock or StaffLock(settings.staff_lockout_attempts,
                                       settings.staff_lockout_seconds, lock_state_path())
        self._dialog: StaffPinDialog | None = None
        self._blocked = _blocked_keys()
        self._escape = QKeySequence(Qt.Key.Key_Escape)
        self._guarding = True
        self._grab_keyboard = (QGuiApplication.platformName() == "xcb"
                               and settings.kiosk_keyboard_grab)
        if not settings.kiosk_keyboard_grab:
            log.info("kiosk: keyboard grab switched off in the site settings; the window "
                     "manager's shortcuts must be switched off (docs/kiosk-install.md)")
        window.setWindowFlags(window.windowFlags() | Qt.WindowType.FramelessWindowHint
                              | Qt.WindowType.WindowStaysOnTopHint)
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        window.staff_exit_requested.connect(self.ask_for_pin)
        window.session_reset.connect(self.bring_back)
        window.installEventFilter(self)  # the widget's own state: minimised, hidden, inactive
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.applicationStateChanged.connect(self._soon)
        app.focusWindowChanged.connect(self._focus_changed)
        self._away_since: float | None = None
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.bring_back)
        # A real display only: offscreen (tests) has no window manager to undo.
        self._check = QTimer(self)
        self._check.setInterval(CHECK_MS)
        self._check.timeout.connect(self.bring_back)
        if QGuiApplication.platformName() == "xcb":
            self._check.start()
        for shown in QGuiApplication.topLevelWindows():  # open before the guard: frameless too
            self.watch(shown)
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)

    # -- staying on screen ------------------------------------------------------------------
    @Slot(QWindow)
    def watch(self, window: QWindow | None) -> None:
        """Every window of the guide is watched, and frameless: a title bar offers minimise,
        and minimising a dialog minimises the kiosk with it (red-team B1)."""
        super().watch(window)
        if window is not None and self._guarding:
            frameless = Qt.WindowType.FramelessWindowHint
            if not window.flags() & frameless:
                log.warning("kiosk: window %r had a frame; made frameless",
                            window.objectName() or type(window).__name__)
                window.setFlags(window.flags() | frameless)

    def _owns(self, window: QWindow | None) -> bool:
        return window is not None and window in QGuiApplication.topLevelWindows()

    @Slot(QWindow)
    def _focus_changed(self, window: QWindow | None) -> None:
        if not self._guarding:
            return
        if window is None:
            self._soon()  # focus left the guide: maybe another window took it
            return
        self._grab(window)

    def _grab(self, window: QWindow) -> None:
        """Keys go to the guide's active window and nowhere else (X11, no screen reader).

        The grab moves to each dialog as it opens and back to the main window when it closes
        (whoever has the focus holds it). X refuses a grab for a window not yet on screen;
        the next check tries again.
        """
        if (self._grab_keyboard and self._guarding and window.isExposed()
                and not window.setKeyboardGrabEnabled(True)):
            log.debug("kiosk: keyboard grab refused for now; trying again")
            self._settle.start(SETTLE_MS)

    @Slot()
    def _soon(self, *_args: object) -> None:
        if self._guarding:
            self._settle.start(SETTLE_MS)

    def _is_away(self) -> bool:
        window = self._window
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        if window.isMinimized() or not window.isVisible():
            return True
        if app.platformName() != "xcb":  # offscreen (tests): no full screen, no focus to lose
            return False
        handle = window.windowHandle()
        return (not window.isFullScreen() or handle is None or not handle.isExposed()
                or app.applicationState() != Qt.ApplicationState.ApplicationActive
                or not self._owns(QGuiApplication.focusWindow()))

    @Slot()
    def bring_back(self) -> None:
        """Full screen, on top and active again, whatever the window manager did; and the
        keyboard grab taken again. Cheap when nothing is wrong (called every second).

        First gently (show full screen, raise, activate). A window manager may refuse to
        activate a window on another desktop or one another program unmapped; if the guide is
        still away a moment later, it is mapped anew, which puts it on the desktop in view.
        """
        if not self._guarding:
            return
        window = self._window
        if not self._is_away():
            self._away_since = None
        else:
            now = time.monotonic()
            if self._away_since is None:
                self._away_since = now
                log.warning("kiosk: the window was minimised, hidden, moved away or lost the "
                            "focus; bringing it back")
            elif now - self._away_since > HARD_AFTER_S and not QApplication.activeModalWidget():
                self._away_since = now
                window.hide()  # mapped anew below: on the desktop in view, with the focus
            window.showFullScreen()
            target = QApplication.activeModalWidget() or window
            target.raise_()
            target.activateWindow()
            self._settle.start(round(HARD_AFTER_S * 1000) + 100)  # look again soon, not in a second
        focus = QGuiApplication.focusWindow()
        if self._owns(focus) and focus is not None:
            self._grab(focus)

    @property
    def grabs_keyboard(self) -> bool:
        return self._grab_keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Sees what reaches the app's windows (see InputWatcher); True swallows it."""
        kind = event.type()
        if not self._guarding:
            return False
        if watched is self._window:  # the main window widget: did it go away?
            if kind in _AWAY:
                self._soon()
            return False
        if kind == QEvent.Type.ContextMenu:  # a right click's or the menu key's
            return True
        if kind in _MOUSE_BUTTONS and isinstance(event, QMouseEvent):
            # A right click would open a menu (links offer "Copy link location").
            return bool(event.button() & ~Qt.MouseButton.LeftButton)
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if pressed.matches(self._escape) == QKeySequence.SequenceMatch.ExactMatch:
                # Escape closes the dialog on top (as its Close button), never the guide.
                modal = QApplication.activeModalWidget()
                if (isinstance(modal, CalmDialog) and modal.isVisible()
                        and watched is modal.windowHandle()):
                    modal.escape_pressed()
                return True
            return any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                       for k in self._blocked)
        return False

    @property
    def pin_dialog(self) -> StaffPinDialog | None:
        return self._dialog

    @Slot()
    def ask_for_pin(self) -> None:
        if self._dialog is not None and self._dialog.isVisible():
            return
        self._dialog = StaffPinDialog(self._settings, self._lock, self._window)
        self._dialog.accepted_pin.connect(self.leave)
        self._dialog.open()

    @Slot()
    def leave(self) -> None:
        """Staff exit: restore the pointer and quit with the status systemd does not restart."""
        QApplication.restoreOverrideCursor()
        self._guarding = False
        self._check.stop()
        focus = QGuiApplication.focusWindow()
        if focus is not None and self._grab_keyboard:
            focus.setKeyboardGrabEnabled(False)
        self._window.allow_close()
        QTimer.singleShot(0, self._window, lambda: quit_app(STAFF_EXIT_CODE))


def quit_app(code: int) -> None:
    """Leave the event loop with ``code`` (a separate function so tests can watch it)."""
    QApplication.exit(code)
