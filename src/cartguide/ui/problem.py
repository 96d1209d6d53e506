"""When something unexpected goes wrong: log the details, show a calm message, go home.

A person at the screen never sees a traceback. The details go to the log file for IT.
"""

from __future__ import annotations

import logging
import sys
import types

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from cartguide.i18n import tr
from cartguide.ui.main_window import MainWindow
from cartguide.ui.widgets.dialog import CalmDialog
from cartguide.ui.widgets.text import PlainLabel

log = logging.getLogger(__name__)

AUTO_CLOSE_MS = 15_000


class ProblemDialog(CalmDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("problemDialog", tr("Sorry, something went wrong"), parent=parent)
        layout = self.body
        text = PlainLabel(tr("The guide will go back to the start page. Nothing you need to do. "
                              "If this keeps happening, please tell a member of staff."))
        text.setProperty("role", "lead")
        text.setWordWrap(True)
        layout.addWidget(text)
        button = QPushButton(tr("Back to the start"))
        button.setProperty("variant", "primary")
        button.setAccessibleName(tr("Back to the start"))
        button.setAccessibleDescription(tr("Close this message and go to the start page"))
        button.clicked.connect(self.accept)
        layout.addWidget(button)
        QTimer.singleShot(AUTO_CLOSE_MS, self, self.accept)


class CrashHandler(QObject):
    """Installed as ``sys.excepthook`` while the window lives."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._showing = False
        self._previous = sys.excepthook
        sys.excepthook = self.handle
        window.destroyed.connect(self._uninstall)

    @property
    def dialog(self) -> ProblemDialog | None:
        return self._window.findChild(ProblemDialog)

    def handle(self, kind: type[BaseException], value: BaseException,
               tb: types.TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, value, tb))
        if not self._showing:
            self._showing = True
            QTimer.singleShot(0, self, self._show)

    @Slot()
    def _show(self) -> None:
        try:
            dialog = ProblemDialog(self._window)
            dialog.finished.connect(self._recover)
            dialog.open()
        except Exception:  # the calm screen itself failed: go home without it
            log.exception("could not show the problem screen")
            self._recover()

    @Slot()
    def _recover(self) -> None:
        self._showing = False
        try:
            if self._window.kiosk:
                self._window.reset_session()
            else:
                self._window.show_home()
        except Exception:
            log.exception("could not return home after an error")

    @Slot()
    def _uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous
