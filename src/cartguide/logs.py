"""Logging: details go to a rotating log file; the console gets one calm line per problem."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_DIR_ENV = "CARTGUIDE_LOG_DIR"


def log_dir() -> Path:
    """``$CARTGUIDE_LOG_DIR``, else ``$XDG_STATE_HOME/cartguide``, else ``~/.local/state``."""
    if os.environ.get(LOG_DIR_ENV):
        return Path(os.environ[LOG_DIR_ENV])
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "cartguide"


def state_dir() -> Path:
    """Where the app keeps what must outlive a restart (the staff lock-out, a speech engine
    that did not answer today): the log folder, ``$XDG_STATE_HOME/cartguide`` by default."""
    return log_dir()


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now (tests and services replace it)."""

    @property
    def stream(self):  # type: ignore[no-untyped-def]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # type: ignore[no-untyped-def]
        pass


class _ConsoleFormatter(logging.Formatter):
    """One line per record: tracebacks belong in the log file, not on a person's screen."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        return super().format(record)


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Configure the ``cartguide`` logger once; returns the log file, if one could be opened."""
    logger = logging.getLogger("cartguide")
    if getattr(logger, "_cartguide_configured", False):
        return getattr(logger, "_cartguide_file", None)
    logger.setLevel(level)
    console = _StderrHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(_ConsoleFormatter("cartguide: %(message)s"))
    logger.addHandler(console)
    path: Path | None = log_dir() / "cartguide.log"
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    except OSError:
        path = None  # a read-only machine still runs; the console line remains
    logger._cartguide_configured = True  # type: ignore[attr-defined]
    logger._cartguide_file = path  # type: ignore[attr-defined]
    return path


class RepeatCollapser:
    """Logs a message the first time, then only counts it while it repeats (red-team B6: one
    failed print wrote 5,900 identical Qt warnings, and nine rotated the whole log away).

    When a different message comes, or the same one after ``every`` repeats, one line says how
    many times the last one repeated. Not thread-safe on purpose: Qt calls its message handler
    from any thread, and a lost count is harmless.
    """

    def __init__(self, logger: logging.Logger, every: int = 10_000) -> None:
        self._logger = logger
        self._every = every
        self._last: tuple[int, str] | None = None
        self._repeats = 0

    def log(self, level: int, message: str) -> None:
        key = (level, message)
        if key == self._last:
            self._repeats += 1
            if self._repeats % self._every == 0:
                self._logger.log(level, "(the last message repeated %d times so far)",
                                 self._repeats)
            return
        self.flush()
        self._last = key
        self._logger.log(level, "%s", message)

    def flush(self) -> None:
        if self._last is not None and self._repeats:
            self._logger.log(self._last[0], "(the last message repeated %d more times: %s)",
                             self._repeats, self._last[1][:200])
        self._last = None
        self._repeats = 0
