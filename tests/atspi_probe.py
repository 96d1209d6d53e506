"""Look at the running guide the way a screen reader does: through the AT-SPI bus.

Run with Debian's ``/usr/bin/python3`` (it has pyatspi; the project's venv does not), on the
desktop the guide runs on (tests/realdesk.py, ``system_python``). Each command prints JSON.

    atspi_probe.py tree                    every object: role, name, description, states, actions
    atspi_probe.py focused                 the object that has the keyboard focus
    atspi_probe.py do ROLE NAME [ACTION]   run an action ("Press" by default) on the first
                                           showing object with that role and name
    atspi_probe.py focus ROLE NAME         give that object the focus (as Orca's SetFocus does)
    atspi_probe.py wait-focused ROLE NAME  wait (up to 10 s) until that object has the focus

ROLE is AT-SPI's role name as pyatspi spells it ("push button", "heading"); NAME is exact.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]

APP_NAMES = ("CAR-T Guide", "cartguide", "python3", "python")


def the_app() -> Any:
    desktop = pyatspi.Registry.getDesktop(0)
    end = time.monotonic() + 20
    seen: list[str] = []
    while time.monotonic() < end:
        seen = []
        for app in desktop:
            if app is None:
                continue
            try:
                frames = [c for c in app if c is not None]
                seen.append(f"{app.name!r}: {[f.name for f in frames]!r}")
            except Exception as error:  # an application going away as we look
                seen.append(f"{error!r}")
                continue
            if any("CAR-T" in (f.name or "") or "CAR-T" in (app.name or "") for f in frames):
                return app
        time.sleep(0.2)
    raise SystemExit(f"the guide is not on the accessibility bus (there: {seen})")


def states_of(obj: Any) -> list[str]:
    return sorted(pyatspi.stateToString(s) for s in obj.getState().getStates())


def actions_of(obj: Any) -> list[str]:
    try:
        action = obj.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def describe(obj: Any, path: str = "") -> dict[str, Any]:
    attributes: dict[str, str] = {}
    try:
        for pair in obj.getAttributes() or []:
            key, _, value = pair.partition(":")
            attributes[key] = value
    except Exception:
        pass
    relations: dict[str, list[str]] = {}
    try:
        for relation in obj.getRelationSet():
            kind = pyatspi.relationToString(relation.getRelationType())
            relations[kind] = [relation.getTarget(i).name
                               for i in range(relation.getNTargets())]
    except Exception:
        pass
    try:
        locale = obj.get_object_locale()
    except Exception:
        locale = ""
    return {
        "path": path,
        "role": obj.getRoleName(),
        "name": obj.name or "",
        "description": obj.description or "",
        "states": states_of(obj),
        "actions": actions_of(obj),
        "attributes": attributes,
        "relations": relations,
        "locale": locale,
        "children": obj.childCount,
    }


def walk(obj: Any, path: str = "0") -> list[dict[str, Any]]:
    found = [describe(obj, path)]
    for i in range(obj.childCount):
        child = obj.getChildAtIndex(i)
        if child is not None:
            found += walk(child, f"{path}.{i}")
    return found


def find(app: Any, role: str, name: str) -> Any:
    def match(obj: Any) -> bool:
        return (obj is not None and obj.getRoleName() == role and (obj.name or "") == name
                and obj.getState().contains(pyatspi.STATE_SHOWING))

    end = time.monotonic() + 10
    while time.monotonic() < end:
        found = pyatspi.findDescendant(app, match)
        if found is not None:
            return found
        time.sleep(0.2)
    raise SystemExit(f"no showing {role!r} named {name!r}")


def focused(app: Any) -> Any:
    return pyatspi.findDescendant(
        app, lambda o: o is not None and o.getState().contains(pyatspi.STATE_FOCUSED))


def main(argv: list[str]) -> int:
    command, *args = argv
    app = the_app()
    result: Any
    if command == "tree":
        result = {"app": {"name": app.name, "locale": app.get_object_locale()},
                  "objects": walk(app)}
    elif command == "focused":
        obj = focused(app)
        result = describe(obj) if obj is not None else None
    elif command == "do":
        role, name, *rest = args
        wanted = rest[0] if rest else "Press"
        obj = find(app, role, name)
        action = obj.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        if wanted not in names:
            raise SystemExit(f"{role} {name!r} has no action {wanted!r}: {names}")
        action.doAction(names.index(wanted))
        result = {"done": wanted, "on": name}
    elif command == "focus":
        role, name = args
        obj = find(app, role, name)
        result = {"grabbed": obj.queryComponent().grabFocus()}
    elif command == "wait-focused":
        role, name = args
        end = time.monotonic() + 10
        obj = None
        while time.monotonic() < end:
            obj = focused(app)
            if obj is not None and obj.getRoleName() == role and obj.name == name:
                break
            time.sleep(0.1)
        result = describe(obj) if obj is not None else None
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
