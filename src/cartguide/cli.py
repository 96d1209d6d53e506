"""The command line: run the app, validate content, set the staff PIN, check the site settings.

Never shows a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from cartguide import __version__, config, resources, ui_strings
from cartguide.content import ContentIssue, LoadResult, compare_languages, load_guide
from cartguide.logs import setup_logging

log = logging.getLogger(__name__)


_CONFIG_HELP = (
    "site settings file (clinic name, phone, idle timeout, staff PIN). Default: "
    "$CARTGUIDE_CONFIG, else the first that exists of ~/.config/cartguide/site.yaml "
    "($XDG_CONFIG_HOME/cartguide/site.yaml) and /etc/cartguide/site.yaml"
)


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
    parser.add_argument("--config", metavar="PATH", type=Path, help=_CONFIG_HELP)
    parser.add_argument("--watch", action="store_true",
                        help="for content authors: reload the content whenever a file changes, "
                        "stay on the same page, and list any problems on screen")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate", help="check content files and list every problem with file:line",
        description="Check every language folder under DIR (default: the bundled content) and "
        "print every problem found with file:line. Exits 1 if there is any error.")
    validate.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                          help="a content folder, or one language folder")
    set_pin = commands.add_parser(
        "set-pin", help="set the staff PIN (only its hash is stored in the settings file)",
        description="Ask for a new staff PIN (4 to 8 digits) twice and write its hash to the "
        "site settings file: --config PATH, else $CARTGUIDE_CONFIG, else "
        "~/.config/cartguide/site.yaml. Without a terminal, reads the PIN from two lines of "
        "standard input.")
    # SUPPRESS: without it the subcommand's default (None) would hide a global --config.
    set_pin.add_argument("--config", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                         help="the site settings file to write")
    check = commands.add_parser(
        "check-config", help="check the site settings file and list every problem with "
        "file:line",
        description="Check the site settings file (PATH, else the one the app would read) and "
        "print every problem with file:line, or a one-line summary of the settings in effect. "
        "Exits 1 if there is any problem.")
    check.add_argument("path", nargs="?", type=Path, metavar="PATH",
                       help="the settings file to check")
    schema = commands.add_parser(
        "schema", help="write JSON Schemas of the content files (for editors' completion)",
        description="Write one JSON Schema per content file into DIR; see docs/authoring.md "
        "for using them with VS Code's YAML extension.")
    schema.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    lint = commands.add_parser(
        "lint", help="check reading level, long sentences, numbers without sources, source "
        "checks and the review date",
        description="Style checks for authors: English reading level per paragraph "
        "(Flesch-Kincaid from textstat: above grade 6, alt text above grade 8), Chinese "
        "sentences over 40 characters, numbers without sources, sources not checked in 12 "
        "months, and a review date more than a year old (an error). Exits 1 on errors.")
    lint.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                      help="a content folder, or one language folder")
    for name, about in (
        ("handout", "write the take-home handout as a PDF"),
        ("wallet-card", "write the wallet card (warning signs, the clinic's phone) as a PDF"),
        ("questions", "write the 'My questions' checklist as a PDF"),
        ("plan", "write a blank personal plan (dates, warning signs, numbers to call, "
         "questions) as a PDF"),
    ):
        export = commands.add_parser(name, help=about, description=about.capitalize() + ". "
                                     "Every page carries the disclaimer, the content version "
                                     "and the review date; the clinic's name and phone come "
                                     "from the site settings.")
        export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
        # SUPPRESS: let the global --lang/--config given before the command stand.
        export.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS,
                            help="language, e.g. en or zh_CN (default: the site's)")
        export.add_argument("--config", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                            help="site settings file")
        if name == "handout":
            export.add_argument("--sections", metavar="LIST", default=None,
                                help="comma-separated: steps, story, evaluation, "
                                "warning-signs, glossary, about and any topic's id, e.g. "
                                "at-home (default: all, in home's order)")
        if name == "wallet-card":
            export.add_argument("--sheet", action="store_true",
                                help="ten cards on an A4 sheet with crop marks")
    return parser


def export(args: argparse.Namespace) -> int:
    """Write a handout, wallet card or questions sheet; a clear message for any bad input."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is needed to print
    from PySide6.QtGui import QGuiApplication

    from cartguide import printing
    from cartguide.content import GuideLibrary
    from cartguide.ui import theme, translator

    app = QGuiApplication.instance() or QGuiApplication(["cartguide"])  # noqa: F841
    loaded = config.load_settings(config.config_path(args.config))
    for issue in loaded.issues:
        print(f"settings: {issue}", file=sys.stderr)
    library = GuideLibrary(args.content)
    language = library.resolve(args.lang or loaded.settings.default_language)
    if args.lang and language != args.lang:
        print(f"No content in language '{args.lang}' (have: {', '.join(library.languages)}).",
              file=sys.stderr)
        return 1
    translator.install(library.folder(language), language)
    theme.load_fonts()
    guide = library.load(language).guide
    target: Path = args.output
    if not target.parent.is_dir():
        print(f"{target.parent}: no such folder.", file=sys.stderr)
        return 1
    sections: list[str] | None = None
    document = args.command
    if args.command == "handout":
        known = printing.handout_sections(guide)
        if args.sections:
            sections = [s.strip() for s in args.sections.split(",") if s.strip()]
        else:
            sections = known
        unknown = [s for s in sections if s not in known]
        if unknown or not sections:
            print(f"Unknown section(s): {', '.join(unknown) or '(none given)'}. Choose from: "
                  f"{', '.join(known)}.", file=sys.stderr)
            return 1
    elif args.command == "wallet-card" and args.sheet:
        document = "wallet-sheet"
    try:
        pages = printing.write_pdf(target, document, guide, loaded.settings, sections=sections)
    except printing.PrintError as error:
        print(f"{target}: not written. {error}", file=sys.stderr)
        return 1
    print(f"{target}: {pages} page{'s' if pages != 1 else ''} ({language}).")
    return 0


def language_folders(root: Path) -> list[Path]:
    """A language folder itself, or the language folders inside a content root."""
    if (root / "home.yaml").exists():
        return [root]
    return [root / lang for lang in resources.available_languages(root)]


def _svg_issues(result: LoadResult) -> list[ContentIssue]:
    """Referenced illustrations that exist but are not well-formed SVG."""
    issues = []
    names = {illustration.name for illustration in result.guide.illustrations()}
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
    from cartguide.authoring import number_parity

    root = resources.content_root() if root is None else root
    folders = language_folders(root) if root.is_dir() else []
    if not folders:
        print(f"{root}: no content found. Expected language folders such as en/ holding "
              "home.yaml, steps.yaml and the other section files.")
        return 1
    illustrations = resources.illustration_names()
    issues: list[ContentIssue] = []
    counts = []
    results = {}
    strings = ui_strings.extract()
    for folder in folders:
        result = load_guide(folder, illustrations=illustrations)
        results[folder] = result
        issues.extend(result.issues)
        issues.extend(_svg_issues(result))
        issues.extend(ui_strings.check_catalog(folder, strings))
        steps = len(result.guide.steps.steps) if result.guide.steps else 0
        terms = len(result.guide.glossary.terms) if result.guide.glossary else 0
        topics = len(result.guide.topic_order)
        counts.append(f"{folder.name} ({steps} steps, {terms} terms, {topics} "
                      f"topic{'s' if topics != 1 else ''})")
    # Every language has the same ids as the reference (English, else the first).
    reference = next((f for f in folders if f.name == "en"), folders[0])
    for folder in folders:
        if folder != reference:
            issues.extend(compare_languages(results[reference], results[folder], reference,
                                            folder))
            issues.extend(number_parity(results[reference], results[folder], reference,
                                        folder))
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


def _read_two_pins() -> tuple[str, str] | None:
    """The PIN and its repetition: asked without echo on a terminal, else two lines of stdin."""
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            first = getpass.getpass("New staff PIN (4 to 8 digits): ")
            second = getpass.getpass("Type the same PIN again: ")
        except EOFError:
            return None
        return first.strip(), second.strip()
    if sys.stdin is None:
        return None
    lines = []
    for _ in range(2):
        line = sys.stdin.readline()
        if not line:
            return None
        lines.append(line.strip())
    return lines[0], lines[1]


def set_pin(explicit: Path | None) -> int:
    target = config.pin_target_path(explicit)
    in_use = config.config_path(explicit)  # the file the app reads now, before this one exists
    pins = _read_two_pins()
    if pins is None:
        print("No PIN was given. Type it twice, or for a script send it on two lines of "
              "standard input. Nothing was written.", file=sys.stderr)
        return 1
    first, second = pins
    if not config.valid_pin(first):
        print("A staff PIN is 4 to 8 digits (0-9), nothing else. Nothing was written.",
              file=sys.stderr)
        return 1
    if first != second:
        print("The two PINs are not the same. Nothing was written.", file=sys.stderr)
        return 1
    encoded = config.hash_pin(first)
    try:
        config.write_pin_hash(target, encoded)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        print(f"{target}: cannot be written ({reason}). Nothing was changed. Check the path "
              "and that you may write there.", file=sys.stderr)
        return 1
    result = config.load_settings(target)
    if result.settings.staff_pin_hash != encoded:
        for issue in result.issues:
            print(issue, file=sys.stderr)
        print(f"The PIN hash was written to {target}, but that file has the problems above and "
              "the new PIN is not in effect. Fix them, then run `cartguide check-config`.",
              file=sys.stderr)
        return 1
    print(f"Staff PIN set. Its hash was written to {target}; the PIN itself is not stored.")
    if in_use is not None and in_use.exists() and in_use.resolve() != target.resolve():
        print(f"Note: {target} now comes before {in_use} in the lookup order, so the other "
              f"settings in {in_use} are no longer read. Copy them into {target}, or set the "
              f"PIN there instead: cartguide set-pin --config {in_use}", file=sys.stderr)
    return 0


def check_config(explicit: Path | None) -> int:
    path = config.config_path(explicit)
    result = config.load_settings(path)
    for issue in result.issues:
        print(issue)
    if result.issues:
        count = len(result.issues)
        print(f"{count} problem{'s' if count != 1 else ''} in {path}. Until fixed, a setting "
              "with a problem uses its default.")
        return 1
    source = str(path) if path is not None else (
        "no settings file found, so the defaults")
    print(f"Settings OK ({source}): {config.describe(result.settings)}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    try:
        if args.command == "validate":
            return validate(args.dir or args.content)
        if args.command == "set-pin":
            return set_pin(args.config)
        if args.command == "check-config":
            return check_config(args.path or args.config)
        if args.command in ("handout", "wallet-card", "questions", "plan"):
            return export(args)
        if args.command == "schema":
            from cartguide.authoring import schema_command

            args.output.mkdir(parents=True, exist_ok=True)
            return schema_command(args.output)
        if args.command == "lint":
            from cartguide.authoring import lint_command

            return lint_command(args.dir or args.content)
        from cartguide.app import run  # Qt is imported only to show the window

        return run(lang=args.lang, content=args.content, kiosk=args.kiosk, config=args.config,
                   watch=args.watch)
    except KeyboardInterrupt:
        return 130
    except Exception:  # the last line of defence: a calm message, the details in the log
        logging.getLogger("cartguide").exception("unexpected error")
        print("CAR-T Guide stopped because of an unexpected problem. The details are in the "
              "log; please tell your IT contact.", file=sys.stderr)
        return 2
