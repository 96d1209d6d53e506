"""Run with Debian's python3 (it has pyatspi): where on screen is the control named NAME?

Prints "x y width height" of the first showing accessible object of the application APP
whose name is NAME (or starts with it, with --prefix); exits 1 if there is none.
Used by the real-desktop tests to tap a control as a person would, wherever the layout put it.
"""

from __future__ import annotations

import sys

import pyatspi  # type: ignore[import-not-found]


def find(node, name: str, prefix: bool, depth: int = 0):  # type: ignore[no-untyped-def]
    if node is None or depth > 60:
        return None
    try:
        label = node.name or ""
        showing = node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return None
    if showing and (label.startswith(name) if prefix else label == name):
        return node
    try:
        children = list(node)
    except Exception:
        return None
    for child in children:
        found = find(child, name, prefix, depth + 1)
        if found is not None:
            return found
    return None


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--prefix"]
    app_name, name = args
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name == app_name:
            # Inside the application, never the application itself (it is named by the
            # guide's title too).
            found = (find(child, name, "--prefix" in sys.argv) for child in app)
            node = next((n for n in found if n is not None), None)
            if node is not None:
                box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
                print(box.x, box.y, box.width, box.height)
                return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
