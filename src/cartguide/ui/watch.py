"""Authoring aid (`cartguide --watch`): when a content file changes, load it again and show the
result at once, on the same page; problems are listed on screen, never a crash."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Slot

from cartguide.content import GuideLibrary
from cartguide.content.model import TOPICS_FOLDER
from cartguide.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SETTLE_MS = 300  # editors write a file in several steps; wait for the last one


class ContentWatcher(QObject):
    def __init__(self, window: MainWindow, library: GuideLibrary) -> None:
        super().__init__(window)
        self._window = window
        self._library = library
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.reload)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._watch_all()
        window.show_content_problems(self._library.load(window.language).issues)

    def _watch_all(self) -> None:
        # Folders too: many editors save by writing a new file and renaming it over the old
        # one, after which a watch on the old file hears nothing more.
        paths = []
        for folder in self._library.folders:
            paths.append(str(folder))
            paths += [str(p) for p in sorted(folder.glob("*.yaml"))]
            topics = folder / TOPICS_FOLDER  # topic sections: a new file there shows at once
            if topics.is_dir():
                paths.append(str(topics))
                paths += [str(p) for p in sorted(topics.glob("*.yaml"))]
        # And the nearest folder above each that exists: when a language folder (or the whole
        # content folder) is deleted, its watches go with it, and only its parent hears it
        # come back (red-team B11: `rm -rf content; cp -r ...` left the banner up for good).
        for folder in self._library.folders:
            for above in (folder.parent, folder.parent.parent):
                if above.is_dir():
                    paths.append(str(above))
                    break
        paths = [p for p in dict.fromkeys(paths) if Path(p).exists()]
        missing = [p for p in paths if p not in self._watcher.files() + self._watcher.directories()]
        if missing:
            self._watcher.addPaths(missing)

    @Slot(str)
    def _changed(self, _path: str) -> None:
        self._timer.start()

    @Slot()
    def reload(self) -> None:
        self._library.reload()
        result = self._library.load(self._window.language)
        log.info("content reloaded: %d problem(s)", len(result.issues))
        self._window.replace_guide(result.guide, result.issues)
        self._window.show_content_problems(result.issues)
        self._watch_all()
