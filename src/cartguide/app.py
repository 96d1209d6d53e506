"""Start-up, in one fixed order: logging → excepthook → QApplication → fonts and theme → content →
window → event loop."""

from __future__ import annotations

import logging
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLoggingCategory, QRect, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from cartguide import __version__
from cartguide.bundles import BundleStore
from cartguide.config import Settings, config_path, load_settings, setting_path
from cartguide.content import ContentIssue, GuideLibrary, LoadResult
from cartguide.logs import RepeatCollapser, setup_logging

if TYPE_CHECKING:
    from cartguide.speech import Speaker
    from cartguide.ui.main_window import MainWindow

log = logging.getLogger(__name__)

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


_qt_log = RepeatCollapser(logging.getLogger("cartguide.qt"))


def _qt_message(mode: QtMsgType, _context: object, message: str) -> None:
    """Qt's own messages, into our log; the same one over and over is logged once and counted."""
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), message)


def _excepthook(kind: type[BaseException], value: BaseException,
                tb: types.TracebackType | None) -> None:
    """Log an unexpected error with its traceback; the window stays up and nobody sees it."""
    log.error("unexpected error", exc_info=(kind, value, tb))


def load(content: Path | None = None, lang: str | None = None) -> LoadResult:
    """One language of a content folder (the bundled one by default), as the app would."""
    library = GuideLibrary(content)
    return library.load(library.resolve(lang))


#: Qt's messages nobody can act on: Qt Multimedia (under text-to-speech) looks for PipeWire at
#: start and says "Couldn't load pipewire-0.3 library" on every launch where it is not
#: installed; sound goes through PulseAudio/ALSA anyway. (QT_LOGGING_RULES still wins.)
QUIET_QT_CATEGORIES = "qt.multimedia.symbolsresolver.warning=false"


def create_application(argv: list[str] | None = None) -> QApplication:
    QLoggingCategory.setFilterRules(QUIET_QT_CATEGORIES)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("CAR-T Guide")
    app.setOrganizationName("CAR-T Guide")
    app.setApplicationVersion(__version__)
    return app


def build_window(result: LoadResult, *, kiosk: bool = False,
                 settings: Settings | None = None,
                 settings_issues: tuple[ContentIssue, ...] = (),
                 library: GuideLibrary | None = None,
                 speaker: Speaker | None = None) -> MainWindow:
    """The window with its services: crash handling always; lock-down and idle reset on kiosks.
    With a ``library`` of several languages the reader can switch between them."""
    from cartguide.ui.idle import IdleWatcher
    from cartguide.ui.kiosk import KioskGuard
    from cartguide.ui.main_window import MainWindow
    from cartguide.ui.problem import CrashHandler

    settings = settings or Settings()
    window = MainWindow(result.guide, issues=result.issues, kiosk=kiosk, settings=settings,
                        library=library, extra_issues=settings_issues, speaker=speaker)
    CrashHandler(window)
    if kiosk:
        KioskGuard(window, settings)
        IdleWatcher(window, settings.idle_timeout_seconds, settings.idle_countdown_seconds)
    return window


def guide_library(content: Path | None, store: BundleStore | None = None,
                  settings: Settings | None = None) -> GuideLibrary:
    """The content to show: ``--content``, else the content bundle in use, else the shipped;
    with the clinic's site layer: the site-layer bundle in use, else ``site_content``."""
    if content is None and store is not None:
        content = store.active_path("content")
    site = store.active_path("site-layer") if store is not None else None
    if site is None and settings is not None:
        site = setting_path(settings.site_content)
    return GuideLibrary(content, site=site)


def open_guide(app: QApplication, *, lang: str | None = None, content: Path | None = None,
               kiosk: bool = False, settings: Settings | None = None,
               settings_issues: tuple[ContentIssue, ...] = (), text_scale: float = 1.0,
               high_contrast: bool = False, speaker: Speaker | None = None,
               watch: bool = False, bundle_store: BundleStore | None = None) -> MainWindow:
    """Everything between a QApplication and a window to show: the content library, the start
    language's words (content and UI), the look, the window and its services.

    With a ``bundle_store`` the content bundle in use is shown (and put back to the previous
    one if it does not load), and new bundles and the status file are looked after."""
    from cartguide.ui import theme, translator

    settings = settings or Settings()
    library = guide_library(content, bundle_store, settings)
    language = library.resolve(lang or settings.default_language)
    result = library.load(language)
    if bundle_store is not None and result.errors and (
            (content is None and bundle_store.active_path("content") is not None)
            or bundle_store.active_path("site-layer") is not None):
        for kind in ("content", "site-layer"):  # back to what loaded before
            if bundle_store.active_path(kind) is not None:
                bundle_store.fail(kind, "the guide did not load from it at start-up")
        library = guide_library(content, bundle_store, settings)
        language = library.resolve(lang or settings.default_language)
        result = library.load(language)
    translator.install(library.folder(language), language)
    theme.apply(app, theme.View(text_scale, high_contrast, kiosk, language))
    window = build_window(result, kiosk=kiosk, settings=settings,
                          settings_issues=settings_issues, library=library, speaker=speaker)
    if watch:
        from cartguide.ui.watch import ContentWatcher

        ContentWatcher(window, library)
    if bundle_store is not None and (settings.bundle_folder or settings.status_file):
        from cartguide.cli import bundle_validator
        from cartguide.status import KioskStatus
        from cartguide.ui.maintenance import KioskMaintenance, describe_result

        status = KioskStatus()
        describe_result(status, result, bundle_store.active_path("site-layer") is not None
                        or bool(settings.site_content))
        KioskMaintenance(window, settings, bundle_store,
                         lambda: guide_library(content, bundle_store, settings), status,
                         lambda kind, folder: bundle_validator(
                             kind, folder, bundle_store.active_path("content")))
    return window


#: Environment variables systemd gives the app for itself alone (red-team 1.4 #14b: a D-Bus
#: daemon started on the app's behalf inherited NOTIFY_SOCKET and sent its own READY=1).
_SYSTEMD_ONLY = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")


#: The nurse's window where the screen has room for it (and a margin, and the frame).
WINDOW_SIZE = (1280, 860)
#: Room kept round the window for its title bar, frame and a little of the desktop.
WINDOW_MARGIN = (40, 80)


def window_geometry(available: QRect) -> QRect | None:
    """Where the nurse's window opens on a screen whose free area (no panels) is
    ``available``: 1280x860 in the middle where that fits with a margin, else None: the
    screen is small (a 1366x768 laptop), open maximized. Never taller than the screen: the
    step strip (Back, Next) and the footer stay in view."""
    width, height = WINDOW_SIZE
    if (width + WINDOW_MARGIN[0] > available.width()
            or height + WINDOW_MARGIN[1] > available.height()):
        return None
    place = QRect(0, 0, width, height)
    place.moveCenter(available.center())
    return place


def show_in_window(window: QWidget) -> None:
    """Show the nurse's window within its screen's free area: its usual size in the middle,
    or maximized on a small screen (with no window manager to maximize it, the free area)."""
    screen = window.screen() or QApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 860)
    place = window_geometry(available)
    if place is not None:
        window.setGeometry(place)
        window.show()
        return
    window.setGeometry(available)  # where no window manager maximizes it
    window.showMaximized()


def _stop_on_signals(app: QApplication) -> None:
    """SIGTERM (systemd stop) and SIGHUP (the session ends): log it and leave the event loop
    cleanly (red-team B10). Python runs signal handlers only between bytecodes, and Qt's event
    loop may sleep for long: a socket pair wakes it (signal.set_wakeup_fd)."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: reader.recv(64))
    app._cartguide_signal_sockets = (reader, writer)  # type: ignore[attr-defined]  # kept alive

    def stop(number: int, _frame: object) -> None:
        log.info("stopping on %s", signal.Signals(number).name)
        app._cartguide_stopping = True  # type: ignore[attr-defined]  # before exec(): see run()
        app.exit(0)

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, stop)


def run(*, lang: str | None = None, content: Path | None = None, kiosk: bool = False,
        config: Path | None = None, watch: bool = False) -> int:
    import os

    from cartguide import speech
    from cartguide.watchdog import SystemdNotifier

    setup_logging()
    from cartguide.status import ProblemCounter

    ProblemCounter.install()  # the status file counts warnings and errors from the very start
    sys.excepthook = _excepthook
    qInstallMessageHandler(_qt_message)
    notifier = SystemdNotifier()  # read once, then gone: no child process inherits them
    for name in _SYSTEMD_ONLY:
        os.environ.pop(name, None)
    loaded = load_settings(config_path(config))
    for issue in loaded.issues:
        log.warning("settings: %s", issue)
    settings = loaded.settings
    app = create_application()
    _stop_on_signals(app)  # at once: a stop during a slow start-up is a clean stop too

    from cartguide.watchdog import start_watchdog

    store = BundleStore()
    store.recover()  # a content switch cut short (crash, kill, power cut): back to the previous
    window = open_guide(app, lang=lang, content=content, kiosk=kiosk, settings=settings,
                        settings_issues=loaded.issues, watch=watch, bundle_store=store)
    if kiosk:
        # Many kiosks run X with no window manager, where showFullScreen() alone leaves the
        # window at its default size: cover the screen explicitly.
        window.setGeometry(app.primaryScreen().geometry())
        window.showFullScreen()
    else:
        show_in_window(window)
    start_watchdog(window, notifier)  # under systemd: READY=1, then pings from the GUI thread
    # A stop asked for during start-up (QApplication.exit() before exec() does nothing).
    code = 0 if getattr(app, "_cartguide_stopping", False) else app.exec()
    notifier.stopping()
    _qt_log.flush()
    speech.shutdown()
    log.info("stopped (exit status %d)", code)
    return code
