"""The kiosk's status file for clinic IT's monitoring, in the Prometheus node-exporter textfile
format (``*.prom``). Qt-free.

One small file, rewritten atomically (a temporary file in the same folder, fsync, rename) so a
reader never sees half of it: app and content version, whether a clinical sign-off is recorded,
uptime, the last reset, errors and warnings logged since start, and the bundles in use. Nothing
about any visitor is in it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cartguide import __version__, safe_read

log = logging.getLogger(__name__)


class ProblemCounter(logging.Handler):
    """Counts the app's warnings and errors since start (attached to the ``cartguide`` logger)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings = 0
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1

    @classmethod
    def install(cls) -> ProblemCounter:
        """The counter on the ``cartguide`` logger (one per process)."""
        logger = logging.getLogger("cartguide")
        for handler in logger.handlers:
            if isinstance(handler, cls):
                return handler
        counter = cls()
        logger.addHandler(counter)
        return counter


@dataclass
class KioskStatus:
    """What the status file says. The app updates it; :func:`write_status` writes it."""

    content_version: str = ""
    language: str = ""
    signoff: bool = False
    site_layer: bool = False
    content_errors: int = 0
    started: float = field(default_factory=time.time)
    last_reset: float | None = None
    resets: int = 0
    bundles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    rollbacks: int = 0


def _label(value: str) -> str:
    """A label value escaped as the exposition format wants (backslash, quote, newline)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def render(status: KioskStatus, counter: ProblemCounter | None = None,
           now: float | None = None) -> str:
    now = time.time() if now is None else now
    lines: list[str] = []

    def metric(name: str, about: str, value: float, labels: str = "") -> None:
        lines.append(f"# HELP {name} {about}")
        lines.append(f"# TYPE {name} gauge")
        lines.append(f"{name}{labels} {value:g}" if isinstance(value, float)
                     else f"{name}{labels} {value}")

    info = (f'{{app_version="{_label(__version__)}",content_version='
            f'"{_label(status.content_version)}",language="{_label(status.language)}"}}')
    metric("cartguide_info", "CAR-T Guide app and content version in use (always 1).", 1, info)
    metric("cartguide_signoff_present", "1 if the content in use records a clinical sign-off.",
           int(status.signoff))
    metric("cartguide_site_layer_in_use", "1 if the clinic's site layer is applied.",
           int(status.site_layer))
    metric("cartguide_content_errors", "Content problems (errors) found when loading; the "
           "guide shows what is valid.", status.content_errors)
    metric("cartguide_start_time_seconds", "When the app started (Unix time).",
           round(status.started))
    metric("cartguide_uptime_seconds", "Seconds since the app started.",
           max(0, round(now - status.started)))
    metric("cartguide_last_reset_time_seconds", "When the guide last started over for the "
           "next visitor (Unix time; 0: not yet).", round(status.last_reset or 0))
    metric("cartguide_resets_total", "Times the guide started over since start.", status.resets)
    metric("cartguide_log_errors_total", "Errors logged since start (details in the app's "
           "log).", counter.errors if counter else 0)
    metric("cartguide_log_warnings_total", "Warnings logged since start.",
           counter.warnings if counter else 0)
    metric("cartguide_bundle_rollbacks_total", "Content bundles rolled back since start.",
           status.rollbacks)
    lines.append("# HELP cartguide_bundle_info Content bundles in use, per kind (always 1).")
    lines.append("# TYPE cartguide_bundle_info gauge")
    for kind, about in sorted(status.bundles.items()):
        lines.append(f'cartguide_bundle_info{{kind="{_label(kind)}",version='
                     f'"{_label(about.get("version", ""))}",id="{_label(about.get("id", ""))}"'
                     "} 1")
    metric("cartguide_status_time_seconds", "When this file was written (Unix time).",
           round(now))
    return "\n".join(lines) + "\n"


def write_status(path: Path, status: KioskStatus, counter: ProblemCounter | None = None) -> bool:
    """Write the status file atomically (mode 0644). Returns False (logged once) on failure."""
    path = Path(path)
    try:
        # 0644: monitoring runs as another user.
        safe_read.write_atomically(path, render(status, counter), mode=0o644)
    except OSError as exc:
        if not getattr(write_status, "_warned", False):
            write_status._warned = True  # type: ignore[attr-defined]
            log.warning("status file %s cannot be written: %s", path, exc.strerror or exc)
        return False
    return True
