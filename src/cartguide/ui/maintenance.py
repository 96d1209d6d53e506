"""A kiosk's unattended upkeep: content bundles switched in when nobody is there, and the status
file for clinic IT's monitoring.

New bundles are looked for when the app starts, right after each idle reset (the visitor has
gone) and, on a kiosk nobody has touched, once the idle time has passed with the guide already
fresh on its home page. Never while someone is reading: a visitor's page is never rebuilt under
them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Slot

from cartguide import bundles
from cartguide.config import Settings, setting_path
from cartguide.content import GuideLibrary, LoadResult
from cartguide.status import KioskStatus, ProblemCounter, write_status
from cartguide.ui.input_watch import InputWatcher
from cartguide.ui.main_window import MainWindow

log = logging.getLogger(__name__)

TICK_MS = 60_000  # status file refresh, and a look for bundles on an untouched kiosk

_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
          QEvent.Type.Wheel}


def describe_result(status: KioskStatus, result: LoadResult, site_layer: bool) -> None:
    guide = result.guide
    about = guide.about
    status.content_version = about.content_version if about else ""
    status.language = guide.language
    status.signoff = bool(about is not None and about.clinical_review is not None)
    status.site_layer = site_layer
    status.content_errors = len(result.errors)


class KioskMaintenance(InputWatcher):
    """Applies new bundles at quiet moments and keeps the status file current."""

    def __init__(self, window: MainWindow, settings: Settings, store: bundles.BundleStore,
                 make_library: Callable[[], GuideLibrary], status: KioskStatus,
                 validator: bundles.Validator) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._store = store
        self._make_library = make_library
        self._validator = validator
        self.status = status
        self._counter = ProblemCounter.install()
        self._status_path = setting_path(settings.status_file)
        self._folder = setting_path(settings.bundle_folder)
        self._keys, _problems = bundles.parse_public_keys(settings.bundle_public_keys)
        if self._folder is not None and not self._keys:
            log.warning("bundles: bundle_folder is set but bundle_public_keys is not: no "
                        "bundle will be used")
        self._last_input = time.monotonic()
        self._busy = False
        window.session_reset.connect(self._after_reset)
        self._timer = QTimer(self)
        self._timer.setObjectName("kioskMaintenance")
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.check_bundles()  # at start-up nobody is reading yet: a kiosk rebooted overnight
        self.write_status()   # comes up with the newest content

    @property
    def timer(self) -> QTimer:
        return self._timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT:
            self._last_input = time.monotonic()
        return False

    def write_status(self) -> None:
        if self._status_path is not None:
            self.status.bundles = self._store.describe()
            write_status(self._status_path, self.status, self._counter)

    @Slot()
    def _after_reset(self) -> None:
        self.status.last_reset = time.time()
        self.status.resets += 1
        self.check_bundles()
        self.write_status()

    @Slot()
    def _tick(self) -> None:
        quiet = time.monotonic() - self._last_input >= self._settings.idle_timeout_seconds
        if quiet and self._window.is_fresh():
            self.check_bundles()
        self.write_status()

    def check_bundles(self) -> bool:
        """Switch to any new, valid bundle now; True if the guide changed. Call only when
        nobody is using the kiosk."""
        if self._folder is None or not self._keys or self._busy:
            return False
        self._busy = True
        try:
            ready = self._store.prepare(self._folder, self._keys, self._validator)
            if not ready:
                return False
            for prepared in ready:
                log.info("bundles: switching %s to %s (%s)", prepared.kind, prepared.version,
                         prepared.id)
                self._store.begin_switch(prepared.kind, prepared.id)
            result = self._apply()
            if result is not None and not result.errors:
                for prepared in ready:
                    self._store.confirm(prepared.kind)
                return True
            for prepared in ready:
                self._store.fail(prepared.kind, "the guide did not load from it")
                self.status.rollbacks += 1
            self._apply()
            return True
        finally:
            self._busy = False

    def _apply(self) -> LoadResult | None:
        try:
            library = self._make_library()
            result = self._window.use_library(library)
        except Exception:  # a broken update must never take the guide down
            log.exception("bundles: loading the new content failed")
            return None
        describe_result(self.status, result, self._store.active_path("site-layer") is not None
                        or bool(self._settings.site_content))
        return result
