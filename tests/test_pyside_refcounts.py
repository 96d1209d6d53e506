"""Guards against PySide6 releases whose bindings leak or over-release Python references.

PySide6 6.12.0 lost a reference to True on every Python-side Signal.emit(); after a few hundred
navigations the interpreter aborted ("bool_dealloc"). A kiosk must run for weeks: if a future
release does anything like it, this fails in CI before it reaches a clinic."""

from __future__ import annotations

import sys

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
