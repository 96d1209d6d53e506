"""Guards against PySide6 releases whose bindings leak or over-release Python references.

PySide6 6.12.0 lost a reference to True on every Python-side Signal.emit(); after a few hundred
navigations the interpreter aborted ("bool_dealloc"). A kiosk must run for weeks: if a future
release does anything like it, this fails in CI before it reaches a clinic."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    with_object = Signal(object)
    with_int = Signal(int)
    plain = Signal()


def test_emitting_signals_costs_no_references(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received: list[object] = []
    emitter.with_object.connect(received.append)
    before = {name: sys.getrefcount(value) for name, value in
              (("True", True), ("False", False), ("None", None))}
    for _ in range(300):
        emitter.with_object.emit(None)
        emitter.with_int.emit(1)
        emitter.plain.emit()
    after = {name: sys.getrefcount(value) for name, value in
             (("True", True), ("False", False), ("None", None))}
    for name in before:
        # A few references may come or go with other objects; a per-emit leak shows as ~-300.
        assert after[name] - before[name] > -50, f"{name}: {after[name] - before[name]}"
    assert len(received) == 300


@pytest.mark.xfail(strict=True, reason=(
    "PySide6 6.11.3 keeps the Python object of every accessible interface our factory returns "
    "after Qt has deleted the interface with its widget: with a screen reader on the bus, "
    "about 120 per page rebuild, RSS +4.4 MB over 180 rebuilds (measured 2026-12-07, the same "
    "before and after heading levels). When this passes, PySide frees them: drop the xfail."))
def test_accessible_interfaces_go_with_their_widgets(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QLabel

    from cartguide.ui import accessibility

    accessibility.install()

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, accessibility._Heading) for o in gc.get_objects())

    before = alive()
    labels = []
    for _ in range(50):
        label = QLabel("A heading")
        label.setProperty("role", "h2")
        iface = QAccessible.queryAccessibleInterface(label)
        assert iface is not None and iface.role() == QAccessible.Role.Heading
        labels.append(label)
    del iface, label
    assert alive() >= before + 50  # made, one per label
    for label in labels:
        label.deleteLater()
    del labels
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert alive() - before < 5
