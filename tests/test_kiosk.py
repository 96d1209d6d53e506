"""Kiosk mode: locked down for visitors, a PIN way out for staff, and a clean start for every
visitor, whether they press Finish or simply walk away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QWidget

from cartguide import config
from cartguide.ui import kiosk as kiosk_module
from cartguide.ui import theme
from cartguide.ui.idle import IdleWatcher
from cartguide.ui.main_window import MainWindow, state_of
from cartguide.ui.widgets import long_press
from cartguide.ui.widgets.text import TextLabel
from tests.conftest import buttons_named, click, dispose, finish_visit, press_key, tap, visible_text

PIN = "2468"


@pytest.fixture
def settings() -> config.Settings:
    return config.Settings(clinic_name="Test Clinic", contact_phone="0100 200 300",
                           staff_pin_hash=config.hash_pin(PIN), staff_lockout_attempts=3,
                           staff_lockout_seconds=300)


@pytest.fixture
def kiosk(make_window, settings: config.Settings, monkeypatch: pytest.MonkeyPatch) -> MainWindow:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(long_press, "LONG_PRESS_MS", 50)
    return make_window(kiosk=True, size=(1920, 1080), settings=settings)


def top_bar(window: MainWindow) -> QFrame:
    bar = window.findChild(QFrame, "topBar")
    assert bar is not None
    return bar


def test_visitor_cannot_leave(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert QApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    kiosk.close()
    assert kiosk.isVisible()
    # Keys that close dialogs, quit or leave full screen do nothing, on the page or in a dialog.
    click(qtbot, kiosk, kiosk.ctx.guide.glossary.title)
    link = next(label for label in kiosk.findChildren(TextLabel)
                if label.isVisible() and "term:" in label.text())
    keys = ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
            (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
            (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier))
    for key, modifiers in keys:
        press_key(kiosk, key, modifiers)
        assert kiosk.isVisible()
    # In a dialog those keys do nothing either; Escape closes just the dialog, as its Close
    # button does, and the focus goes back to the word that opened it (issue 14 item 3).
    word = next(w for w in link.term_links if w.focusPolicy() != Qt.FocusPolicy.NoFocus)
    word.setFocus(Qt.FocusReason.TabFocusReason)
    press_key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.term_dialog is not None and kiosk.term_dialog.isVisible())
    dialog = kiosk.term_dialog
    for key, modifiers in keys[1:]:
        press_key(dialog, key, modifiers)
        assert dialog.isVisible() and kiosk.isVisible()
    press_key(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert kiosk.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is word)
    press_key(kiosk, Qt.Key.Key_Escape)  # and with no dialog open, nothing at all
    assert kiosk.isVisible() and QApplication.focusWidget() is word
    # A right click (or a long press that acts as one) opens no menu: no widget is even asked
    # for one (the scroll bar would offer "Scroll here", "Top", ...).
    asked: list[str] = []

    class MenuSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.ContextMenu and isinstance(watched, QWidget):
                asked.append(type(watched).__name__)
            return False

    spy = MenuSpy()
    QApplication.instance().installEventFilter(spy)
    try:
        bar = kiosk.page("glossary").scroll_area.verticalScrollBar()
        assert bar.isVisible()
        tap(bar, Qt.MouseButton.RightButton)
        kiosk.page("glossary").scroll_area.ensureWidgetVisible(link)  # kiosk type is large
        QApplication.processEvents()
        tap(link, Qt.MouseButton.RightButton)
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert asked == []
    assert QApplication.activePopupWidget() is None
    # Links never leave the app.
    for label in kiosk.findChildren(TextLabel):
        assert not label.openExternalLinks()


def test_staff_exit_needs_the_pin_and_locks_after_wrong_tries(  # type: ignore[no-untyped-def]
        kiosk: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    exits: list[int] = []
    monkeypatch.setattr(kiosk_module, "quit_app", exits.append)
    title = kiosk.findChild(QFrame, "topBar").findChild(long_press.LongPressLabel)
    qtbot.mousePress(title, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.findChild(kiosk_module.StaffPinDialog) is not None
                    and kiosk.findChild(kiosk_module.StaffPinDialog).isVisible())
    qtbot.mouseRelease(title, Qt.MouseButton.LeftButton)
    dialog = kiosk.findChild(kiosk_module.StaffPinDialog)
    for _ in range(2):
        for digit in "1111":
            click(qtbot, dialog, digit)
        click(qtbot, dialog, "OK")
        assert "not right" in visible_text(dialog)
    assert "\u25cf" not in visible_text(dialog)  # entry cleared
    for digit in "1111":
        click(qtbot, dialog, digit)
    click(qtbot, dialog, "OK")  # third wrong try: locked
    assert "Try again in 5 min" in visible_text(dialog)
    for digit in PIN:
        dialog.press(digit)  # ignored while locked
    assert "\u25cf" not in visible_text(dialog)
    assert exits == []


def test_staff_exit_with_the_right_pin(kiosk: MainWindow, qtbot,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    exits: list[int] = []
    monkeypatch.setattr(kiosk_module, "quit_app", exits.append)
    kiosk.staff_exit_requested.emit()
    dialog = kiosk.findChild(kiosk_module.StaffPinDialog)
    qtbot.waitUntil(dialog.isVisible)
    for digit in PIN:
        click(qtbot, dialog, digit)
    assert visible_text(dialog).count("\u25cf") == len(PIN)
    assert PIN not in visible_text(dialog)
    click(qtbot, dialog, "OK")
    qtbot.waitUntil(lambda: exits == [kiosk_module.STAFF_EXIT_CODE])
    assert QApplication.overrideCursor() is None


def test_without_a_pin_staff_are_told_how_to_set_one(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True, settings=config.Settings())
    window.staff_exit_requested.emit()
    dialog = window.findChild(kiosk_module.StaffPinDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert "cartguide set-pin" in visible_text(dialog)
    ok = next(b for b in dialog.findChildren(kiosk_module.QPushButton)
              if b.accessibleName() == "OK")
    assert not ok.isEnabled()


def wander(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """What a visitor might do: read a step, open a word, enlarge text, switch contrast."""
    click(qtbot, top_bar(window), "Text size")
    click(qtbot, top_bar(window), "High contrast")
    click(qtbot, window, window.ctx.guide.steps.title)
    click(qtbot, window, "Start with step 1")
    click(qtbot, window, "Next: step 2")
    window.page("story").scroll_area.verticalScrollBar().setValue(400)
    window.show_term("car-t")
    assert theme.current().text_scale == 1.5 and theme.current().high_contrast


def test_finish_returns_everything_to_a_fresh_start(make_window, qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    fresh = make_window(kiosk=True, size=(1920, 1080), settings=settings)
    expected = state_of(fresh)
    dispose(fresh)
    kiosk = make_window(kiosk=True, size=(1920, 1080), settings=settings)
    wander(kiosk, qtbot)
    assert state_of(kiosk) != expected
    finish_visit(qtbot, kiosk)
    assert state_of(kiosk) == expected
    assert kiosk.is_fresh()
    assert kiosk.term_dialog is None


def test_idle_asks_then_resets(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    watcher = kiosk.findChild(IdleWatcher)
    wander(kiosk, qtbot)
    watcher.timer.setInterval(20)
    watcher.timer.start()
    qtbot.waitUntil(lambda: watcher.dialog is not None and watcher.dialog.isVisible())
    dialog = watcher.dialog
    assert "Are you still there?" in visible_text(dialog)
    assert "30 seconds" in visible_text(dialog)  # the visible countdown starts at >= 20 s
    dialog.countdown_timer.setInterval(1)
    qtbot.waitUntil(kiosk.is_fresh, timeout=3000)
    assert theme.current() == theme.View(kiosk=True)
    assert watcher.timer.isActive()


def test_still_here_keeps_the_visit(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    watcher = kiosk.findChild(IdleWatcher)
    click(qtbot, kiosk, kiosk.ctx.guide.story.title)
    watcher.timer.setInterval(20)
    watcher.timer.start()
    qtbot.waitUntil(lambda: watcher.dialog is not None and watcher.dialog.isVisible())
    click(qtbot, watcher.dialog, "Yes, I am still here")
    assert kiosk.current_key == "story"
    assert watcher.dialog is None and watcher.timer.isActive()


def test_escape_at_are_you_still_there_keeps_the_visit(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A key pressed means someone is there: Escape answers as "Yes, I am still here"."""
    watcher = kiosk.findChild(IdleWatcher)
    click(qtbot, kiosk, kiosk.ctx.guide.story.title)
    watcher.timer.setInterval(20)
    watcher.timer.start()
    qtbot.waitUntil(lambda: watcher.dialog is not None and watcher.dialog.isVisible())
    dialog = watcher.dialog
    watcher.timer.setInterval(60_000)
    press_key(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert kiosk.isVisible() and kiosk.current_key == "story"
    assert watcher.dialog is None and watcher.timer.isActive()


def test_every_touch_restarts_the_idle_countdown(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Touches on the page and in a dialog over it count; time passing does not."""
    watcher = kiosk.findChild(IdleWatcher)
    watcher.timer.setInterval(5000)
    watcher.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may shift by 5 %
    click(qtbot, kiosk, kiosk.ctx.guide.glossary.title)
    heading = next(label for label in kiosk.findChildren(QLabel)
                   if label.isVisible() and label.objectName() == "pageHeading")

    def waited_then_touched(widget: QWidget) -> None:
        watcher.timer.start()
        qtbot.wait(300)
        assert watcher.timer.remainingTime() < 4800  # the countdown runs...
        tap(widget)
        assert watcher.timer.remainingTime() > 4900  # ...and a touch starts it again

    waited_then_touched(heading)
    link = next(label for label in kiosk.findChildren(TextLabel)
                if label.isVisible() and "term:" in label.text())
    kiosk.show_term(link.text().split('href="term:', 1)[1].split('"', 1)[0])
    dialog = kiosk.term_dialog
    qtbot.waitUntil(dialog.isVisible)
    waited_then_touched(dialog.findChildren(QLabel)[0])
    assert dialog.isVisible()


def test_idle_on_a_fresh_screen_does_not_interrupt(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    watcher = kiosk.findChild(IdleWatcher)
    watcher.timer.setInterval(10)
    watcher.timer.start()
    qtbot.wait(100)
    assert watcher.dialog is None
    assert watcher.timer.isActive()


def test_clinic_phone_on_the_warning_signs(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, kiosk, kiosk.ctx.guide.side_effects.title)
    shown = visible_text(kiosk)
    assert "Test Clinic, day and night" in shown
    assert "\n0100 200 300\n" in shown  # the number on its own line, large (issue 13, D19)


def test_dialog_controls_have_names_and_descriptions(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton

    kiosk.staff_exit_requested.emit()
    dialog = kiosk.findChild(kiosk_module.StaffPinDialog)
    qtbot.waitUntil(dialog.isVisible)
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert len(buttons) == 13
    assert all(b.accessibleName() and b.accessibleDescription() for b in buttons)


def _dialog_classes() -> set[type]:
    """Every QDialog subclass the guide defines (importing every module of its UI)."""
    import importlib
    import pkgutil

    from PySide6.QtWidgets import QDialog

    import cartguide.ui

    for module in pkgutil.walk_packages(cartguide.ui.__path__, "cartguide.ui."):
        importlib.import_module(module.name)
    found: set[type] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("cartguide.") and cls not in found:
            found.add(cls)
            todo += cls.__subclasses__()
    return found


def test_every_dialog_is_frameless_on_a_kiosk(kiosk: MainWindow, qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    """No dialog has a title bar (its minimise button hid the whole kiosk: red-team B1)."""
    from PySide6.QtWidgets import QDialog

    from cartguide.ui.emergency_dialog import EmergencyDialog
    from cartguide.ui.idle import StillThereDialog
    from cartguide.ui.main_window import FinishDialog
    from cartguide.ui.print_panel import OutlineDialog, PrintDialog
    from cartguide.ui.problem import ProblemDialog
    from cartguide.ui.term_dialog import TermDialog
    from cartguide.ui.widgets.dialog import CalmDialog

    guide = kiosk.ctx.guide
    makers = {
        CalmDialog: lambda: CalmDialog("calm", "Heading", parent=kiosk),
        TermDialog: lambda: TermDialog(kiosk.ctx, guide.glossary.terms[0], kiosk.narrator,
                                       kiosk),
        kiosk_module.StaffPinDialog: lambda: kiosk_module.StaffPinDialog(
            settings, kiosk_module.StaffLock(3, 60), kiosk),
        StillThereDialog: lambda: StillThereDialog(30, kiosk),
        FinishDialog: lambda: FinishDialog(kiosk),
        ProblemDialog: lambda: ProblemDialog(kiosk),
        OutlineDialog: lambda: OutlineDialog(guide, kiosk),
        PrintDialog: lambda: PrintDialog(guide, settings, kiosk),
        EmergencyDialog: lambda: EmergencyDialog(kiosk.ctx, parent=kiosk),
    }
    missing = _dialog_classes() - set(makers)
    assert not missing, f"add these dialogs to this test: {sorted(c.__name__ for c in missing)}"
    for cls, make in makers.items():
        dialog = make()
        dialog.open()
        qtbot.waitUntil(dialog.isVisible)
        assert dialog.windowFlags() & Qt.WindowType.FramelessWindowHint, cls.__name__
        dialog.reject()
        dialog.deleteLater()
    # A dialog someone adds later without the flag is made frameless when it is shown.
    plain = QDialog(kiosk)
    plain.show()
    qtbot.waitUntil(plain.isVisible)
    kiosk_module.KioskGuard.watch(kiosk.findChild(kiosk_module.KioskGuard), plain.windowHandle())
    assert plain.windowHandle().flags() & Qt.WindowType.FramelessWindowHint
    plain.reject()


def test_a_minimised_or_hidden_kiosk_comes_back(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk.showMinimized()
    qtbot.waitUntil(lambda: not kiosk.isMinimized() and kiosk.isVisible(), timeout=2000)
    kiosk.hide()
    qtbot.waitUntil(kiosk.isVisible, timeout=2000)
    # And a reset (Finish, or the idle timeout) always shows it full screen again.
    kiosk.showMinimized()
    kiosk.reset_session()
    assert not kiosk.isMinimized() and kiosk.isVisible()


def test_nothing_can_be_selected_or_copied(kiosk: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    QApplication.clipboard().clear()
    link = next(label for label in kiosk.findChildren(TextLabel)
                if label.isVisible() and "term:" in label.text())
    link.setFocus()
    for key, modifiers in ((Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),
                           (Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier),
                           (Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)):
        press_key(kiosk, key, modifiers)
    assert not link.hasSelectedText()
    assert QApplication.clipboard().text() == ""


def test_staff_are_told_which_command_explains_a_settings_problem(  # type: ignore[no-untyped-def]
        styled_app, qtbot, tmp_path) -> None:
    from cartguide.app import open_guide
    from tests.fakes import FakeSpeaker

    bad = tmp_path / "site.yaml"
    bad.write_text("idle_timeout_seconds: soon\n", encoding="utf-8")
    bad.chmod(0o600)
    loaded = config.load_settings(bad)
    assert len(loaded.issues) == 1
    window = open_guide(styled_app, kiosk=True, settings=loaded.settings,
                        settings_issues=loaded.issues, speaker=FakeSpeaker())
    try:
        window.show()
        window.show_about()
        text = visible_text(window)
        assert "The site settings have 1 problem" in text and "cartguide check-config" in text
        assert "cartguide validate" not in text  # the content is fine
    finally:
        dispose(window)


LOCK_SCRIPT = """
import sys
from pathlib import Path
from cartguide.ui.kiosk import StaffLock
lock = StaffLock(3, 60, Path(sys.argv[1]))
if sys.argv[2] == "wrong":
    for _ in range(int(sys.argv[3])):
        lock.record(False)
elif sys.argv[2] == "right":
    lock.record(True)
print(lock.seconds_left())
"""


def test_the_lock_out_survives_a_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Red-team B7: three wrong PINs, the process killed, a new one started: still locked.
    Each lock-out in a row lasts twice as long; the right PIN (once unlocked) starts over."""
    import json
    import subprocess
    import sys

    state = tmp_path / "state" / "staff-lock.json"

    def run(*args: str) -> int:
        done = subprocess.run([sys.executable, "-c", LOCK_SCRIPT, str(state), *args],
                              capture_output=True, text=True, timeout=60, check=True,
                              env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
        return int(done.stdout.split()[-1])

    assert run("wrong", "2") == 0  # two wrong: not yet
    assert 55 <= run("wrong", "1") <= 60  # the third locks it, for 60 s
    assert 55 <= run("check") <= 60  # a new process (a restart) is still locked
    # Time passes (the lock ends); the next three wrong PINs lock for twice as long.
    data = json.loads(state.read_text())
    state.write_text(json.dumps({**data, "locked_until": 0}))
    assert 115 <= run("wrong", "3") <= 120
    data = json.loads(state.read_text())
    state.write_text(json.dumps({**data, "locked_until": 0}))
    assert run("right") == 0
    assert 55 <= run("wrong", "3") <= 60  # after the right PIN: back to the site's time
    # A damaged state file locks rather than unlocks.
    state.write_text("{not json")
    assert 55 <= run("check") <= 60


def test_the_keypad_shows_a_lock_from_before_the_restart(make_window, qtbot,  # type: ignore[no-untyped-def]
                                                         settings) -> None:
    from cartguide.ui.kiosk import StaffLock, lock_state_path

    before = StaffLock(settings.staff_lockout_attempts, settings.staff_lockout_seconds,
                       lock_state_path())
    for _ in range(settings.staff_lockout_attempts):
        before.record(False)
    window = make_window(kiosk=True, settings=settings)
    window.staff_exit_requested.emit()
    dialog = window.findChild(kiosk_module.StaffPinDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert "Try again in 5 min" in visible_text(dialog)
    for digit in PIN:
        dialog.press(digit)
    assert "\u25cf" not in visible_text(dialog)


def test_kiosk_prints_are_limited_per_visit_and_failures_are_not_counted(  # type: ignore[no-untyped-def]
        make_window, qtbot, monkeypatch) -> None:
    """Red-team B6: ten taps queued ten 26-page jobs. Now: kiosk_prints_per_visit (default 1),
    a failed print counts nothing and says so calmly, and the next visit may print again."""
    from cartguide import printing
    from cartguide.ui import print_panel

    sent: list[str] = []
    broken = [True]

    def fake_print(key, guide, settings):  # type: ignore[no-untyped-def]
        if broken[0]:
            raise printing.PrintError("The printer or file could not be opened.")
        sent.append(key)
        return 3

    monkeypatch.setattr(print_panel, "print_page_on_kiosk", fake_print)
    window = make_window(kiosk=True, settings=config.Settings(kiosk_printing=True))
    bar = window.findChild(QFrame, "listenBar")
    click(qtbot, bar, "Print this page")
    assert "Sorry, printing did not work" in visible_text(window) and sent == []
    broken[0] = False
    click(qtbot, bar, "Print this page")
    assert sent == ["home"] and "Please collect your pages" in visible_text(window)
    for _ in range(5):
        click(qtbot, bar, "Print this page")
    assert sent == ["home"] and "printing is done" in visible_text(window)
    window.reset_session()  # Finish (once confirmed) or the idle reset: the next visit
    qtbot.waitUntil(lambda: len(buttons_named(window, "Print this page")) == 1)
    click(qtbot, window, "Print this page")
    assert sent == ["home", "home"]


def test_repeated_qt_warnings_are_logged_once_and_counted(caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    from cartguide.logs import RepeatCollapser

    collapse = RepeatCollapser(logging.getLogger("cartguide.qt"), every=1000)
    with caplog.at_level(logging.WARNING, logger="cartguide.qt"):
        for _ in range(5900):
            collapse.log(logging.WARNING, "QPainter::setPen: Painter not active")
        collapse.log(logging.WARNING, "something else")
        collapse.flush()
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "QPainter::setPen: Painter not active"
    assert len(lines) == 1 + 5 + 1 + 1  # first, a count every 1000, the total, the next one
    assert "repeated 5899 more times" in lines[-2] and lines[-1] == "something else"


def test_a_kiosk_made_while_another_window_is_open_guards_that_one_too(  # type: ignore[no-untyped-def]
        make_window, qtbot) -> None:
    """The guard watches the windows already open as it starts (it used to raise
    AttributeError there, before its own state was set) and makes them frameless."""
    other = QWidget()
    other.setWindowTitle("Open before the kiosk")
    other.show()
    qtbot.waitExposed(other)
    try:
        window = make_window(kiosk=True)
        assert window.isVisible()
        handle = other.windowHandle()
        assert handle is not None
        assert handle.flags() & Qt.WindowType.FramelessWindowHint
    finally:
        other.close()
        other.deleteLater()
