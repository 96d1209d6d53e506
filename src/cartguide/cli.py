"""The command line: run the app, or validate content. Never shows a traceback."""

from __future__ import annotations

import argparse
import logging
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from cartguide import __version__, resources
from cartguide.content import ContentIssue, LoadResult, load_guide
from cartguide.logs import setup_logging

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cartguide",
        description="CAR-T Guide: patient education about CAR-T cell therapy for advanced "
        "gastric and pancreatic cancer (Claudin 18.2 trials). With no command, opens the guide.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--lang", metavar="LANG", help="language to start in, e.g. en")
    parser.add_argument("--content", metavar="DIR", type=Path,
                        help="read the guide from another content folder (one holding "
                        "language folders such as en/, or one language folder)")
    parser.add_argument("--kiosk", action="store_true",
                        help="run full screen for an unattended clinic kiosk")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check content files and list every problem with file:line",
        description="Check every language folder under DIR (default: the bundled content) and "
        "print every problem found with file:line. Exits 1 if there is any error.")
    validate.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                          help="a content folder, or one language folder")
    return parser


def language_folders(root: Path) -> list[Path]:
    """A language folder itself, or the language folders inside a content root."""
    if (root / "home.yaml").exists():
        return [root]
    return [root / lang for lang in resources.available_languages(root)]


def _svg_issues(result: LoadResult) -> list[ContentIssue]:
    """Referenced illustrations that exist but are not well-formed SVG."""
    issues = []
    names = set()
    guide = result.guide
    for section in (guide.home, guide.steps, guide.story, guide.evaluation,
                    guide.side_effects, guide.glossary, guide.about):
        if section is not None:
            names.add(section.illustration.name)
    if guide.steps is not None:
        names.update(step.illustration.name for step in guide.steps.steps)
    for name in sorted(names):
        path = resources.illustration_path(name)
        if not path.exists():
            continue
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            issues.append(ContentIssue(path, exc.position[0], "", f"is not valid SVG: {exc}"))
            continue
        if not root.tag.endswith("svg"):
            issues.append(ContentIssue(path, 1, "", "is not an SVG drawing."))
    return issues


def validate(root: Path | None) -> int:
    root = resources.content_root() if root is None else root
    folders = language_folders(root) if root.is_dir() else []
    if not folders:
        print(f"{root}: no content found. Expected language folders such as en/ holding "
              "home.yaml, steps.yaml and the other section files.")
        return 1
    illustrations = resources.illustration_names()
    issues: list[ContentIssue] = []
    counts = []
    for folder in folders:
        result = load_guide(folder, illustrations=illustrations)
        issues.extend(result.issues)
        issues.extend(_svg_issues(result))
        steps = len(result.guide.steps.steps) if result.guide.steps else 0
        terms = len(result.guide.glossary.terms) if result.guide.glossary else 0
        counts.append(f"{folder.name} ({steps} steps, {terms} terms)")
    for issue in issues:
        print(issue)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        files = len({i.path for i in errors})
        print(f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {files} "
              f"file{'s' if files != 1 else ''}.")
        return 1
    print(f"Content OK: {', '.join(counts)}; no errors.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    try:
        if args.command == "validate":
            return validate(args.dir or args.content)
        from cartguide.app import run  # Qt is imported only to show the window

        return run(lang=args.lang, content=args.content, kiosk=args.kiosk)
    except KeyboardInterrupt:
        return 130
    except Exception:  # the last line of defence: a calm message, the details in the log
        logging.getLogger("cartguide").exception("unexpected error")
        print("CAR-T Guide stopped because of an unexpected problem. The details are in the "
              "log; please tell your IT contact.", file=sys.stderr)
        return 2
