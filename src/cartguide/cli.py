"""The command line: run the app, validate content, set the staff PIN, check the site settings.

Never shows a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import logging
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
    parser.add_argument("--lang", metavar="LANG",
                        help="language to start in, e.g. en or zh_CN (zh, zh-cn: any name or "
                        "beginning only one language has)")
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
    validate.add_argument("--site", type=Path, metavar="DIR", default=None,
                          help="a clinic's site layer to check, merged over the content "
                          "(default: site_content from the site settings, if set)")
    validate.add_argument("--config", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                          help="site settings file (for its site_content)")
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
    lint.add_argument("--site", type=Path, metavar="DIR", default=None,
                      help="also check a clinic's site layer (default: site_content from the "
                      "site settings, if set)")
    lint.add_argument("--config", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                      help="site settings file (for its site_content)")
    _bundle_commands(commands)
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


def _bundle_commands(commands: Any) -> None:
    bundle = commands.add_parser(
        "bundle", help="signed content bundles for many kiosks: keygen, make, check, status",
        description="Signed content bundles (docs/fleet.md): make one file from a site layer or "
        "a whole content folder; kiosks that trust your public key pick it up from their "
        "bundle_folder and switch to it at the next idle reset.")
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    keygen = actions.add_parser(
        "keygen", help="make a signing key and print its public key for the kiosks' settings",
        description="Write a new Ed25519 private key to KEYFILE (only you may read it) and "
        "KEYFILE.pub; print the public key line to put in each kiosk's bundle_public_keys.")
    keygen.add_argument("-o", "--output", type=Path, required=True, metavar="KEYFILE")
    make = actions.add_parser(
        "make", help="check a site layer or content folder and sign it into one bundle file",
        description="Check the folder like `cartguide validate` (nothing is signed if it has "
        "an error), then write a signed bundle.")
    make.add_argument("--key", type=Path, required=True, metavar="KEYFILE",
                      help="the private key from `cartguide bundle keygen`")
    source = make.add_mutually_exclusive_group(required=True)
    source.add_argument("--site-layer", type=Path, metavar="DIR",
                        help="a site layer folder (docs/site-layer.md)")
    source.add_argument("--content", type=Path, metavar="DIR", dest="bundle_content",
                        help="a whole content folder (language folders such as en/)")
    make.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.cgbundle")
    make.add_argument("--version", metavar="TEXT", dest="bundle_version", default=None,
                      help="a version name shown on the kiosks' status (default: the time)")
    check = actions.add_parser(
        "check", help="check a bundle's signature, files and content, as a kiosk would",
        description="Check FILE with the public keys of the site settings (--config) or "
        "--public-key, as a kiosk would: signature, file list, hashes and content.")
    check.add_argument("file", type=Path, metavar="FILE")
    check.add_argument("--public-key", metavar="KEY", default=None,
                       help="a public key line (cartguide-ed25519:...)")
    check.add_argument("--config", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                       help="site settings file")
    actions.add_parser("status", help="which bundles this kiosk uses now",
                       description="Show the bundle in use per kind and the previous one.")


def bundle_validator(kind: str, folder: Path,
                     content_root: Path | None = None) -> list[ContentIssue]:
    """What `validate` finds in an unpacked bundle: a content folder, or a site layer merged
    over ``content_root`` (default: the shipped content)."""
    if kind == "site-layer":
        root = resources.content_root() if content_root is None else content_root
        found = content_issues(root, site=folder)
    else:
        found = content_issues(folder)
    if found is None:
        return [ContentIssue(folder, None, "", "no content found: expected language folders "
                             "such as en/ holding home.yaml and the other section files.")]
    return found[0]


def bundle(args: argparse.Namespace) -> int:
    from cartguide import bundles

    try:
        if args.bundle_command == "keygen":
            target: Path = args.output
            if target.exists():
                print(f"{target}: already exists. Choose another name; a key is never "
                      "overwritten.", file=sys.stderr)
                return 1
            pem, public = bundles.generate_key()
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
            target.with_name(target.name + ".pub").write_text(public + "\n", encoding="utf-8")
            print(f"Private key: {target} (keep it safe; anyone with it can sign bundles).")
            print(f"Public key (also in {target.name}.pub), for each kiosk's site settings:")
            print(f"bundle_public_keys: {public}")
            return 0
        if args.bundle_command == "make":
            kind = "site-layer" if args.site_layer is not None else "content"
            folder: Path = args.site_layer if args.site_layer is not None else args.bundle_content
            if not folder.is_dir():
                print(f"{folder}: no such folder.", file=sys.stderr)
                return 1
            issues = bundle_validator(kind, folder)
            for issue in issues:
                print(issue)
            errors = [i for i in issues if i.severity == "error"]
            if errors:
                print(f"{len(errors)} error(s): nothing was signed. Fix them and run this "
                      "again.", file=sys.stderr)
                return 1
            manifest = bundles.make_bundle(folder, kind, args.key, args.output,
                                           version=args.bundle_version)
            print(f"{args.output}: {kind} bundle, version {manifest['version']}, "
                  f"{len(manifest['files'])} files, signed. Copy it into the kiosks' "
                  "bundle_folder.")
            return 0
        if args.bundle_command == "check":
            if args.public_key:
                text = args.public_key
            else:
                text = config.load_settings(config.config_path(args.config)) \
                    .settings.bundle_public_keys
            keys, problems = bundles.parse_public_keys(text)
            for problem in problems:
                print(f"public key: {problem}", file=sys.stderr)
            checked, contents = bundles.read_bundle(args.file, keys)
            import tempfile

            with tempfile.TemporaryDirectory() as temp:
                root = Path(temp)
                for relative, data in contents.items():
                    path = root.joinpath(*relative.parts)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                issues = bundle_validator(checked.kind, root)
                for issue in issues:
                    print(issue)
                if any(i.severity == "error" for i in issues):
                    print(f"{args.file}: signature and files OK, but the content has errors: "
                          "kiosks will not use it.")
                    return 1
            print(f"{args.file}: OK: {checked.kind} bundle, version {checked.version}, "
                  f"created {checked.created}, {len(checked.files)} files, id {checked.id}.")
            return 0
        store = bundles.BundleStore()
        described = store.describe()
        for kind in bundles.KINDS:
            info = described.get(kind)
            previous = store.current(kind)["previous"]
            print(f"{kind}: " + (f"{info['version']} ({info['id']})" if info else
                                 "none (shipped content / site settings)")
                  + (f"; previous {previous}" if previous else ""))
        return 0
    except bundles.BundleError as exc:
        print(f"{getattr(args, 'file', '') or ''}{': ' if getattr(args, 'file', None) else ''}"
              f"{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1


def export(args: argparse.Namespace) -> int:
    """Write a handout, wallet card or questions sheet; a clear message for any bad input."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is needed to print
    from PySide6.QtGui import QGuiApplication

    from cartguide import printing
    from cartguide.ui import theme, translator

    app = QGuiApplication.instance() or QGuiApplication(["cartguide"])  # noqa: F841
    loaded = config.load_settings(config.config_path(args.config))
    for issue in loaded.issues:
        print(f"settings: {issue}", file=sys.stderr)
    from cartguide.app import guide_library
    from cartguide.bundles import BundleStore

    # What the kiosk shows: a content bundle in use, and the clinic's site layer.
    library = guide_library(args.content, BundleStore(), loaded.settings)
    wanted = args.lang or loaded.settings.default_language
    language = library.match(wanted) or library.resolve(None)
    if language != wanted and library.match(wanted) is None:
        # The same words the app uses, and the same outcome: the default language.
        print(library.not_found(wanted, language), file=sys.stderr)
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
        if not path.exists() and not path.is_symlink():
            continue
        try:
            root = ET.fromstring(resources.illustration_bytes(name))
        except OSError as exc:  # a FIFO, a device, too large: never opened by Qt either
            issues.append(ContentIssue(path, None, "", f"cannot be read: {exc}"))
            continue
        except ET.ParseError as exc:
            issues.append(ContentIssue(path, exc.position[0], "", f"is not valid SVG: {exc}"))
            continue
        if not root.tag.endswith("svg"):
            issues.append(ContentIssue(path, 1, "", "is not an SVG drawing."))
    return issues


def content_issues(root: Path, site: Path | None = None
                   ) -> tuple[list[ContentIssue], list[str]] | None:
    """Every problem in a content folder (each language, its UI words, language parity of ids
    and numbers), with a clinic's site layer merged in if given, and a count per language;
    None when ``root`` holds no content at all."""
    from cartguide.authoring import number_parity
    from cartguide.content.site import SiteLayer, layer_languages, read_site_file

    folders = language_folders(root) if root.is_dir() else []
    if not folders:
        return None
    illustrations = resources.illustration_names()
    issues: list[ContentIssue] = []
    if site is not None:
        if not site.is_dir():
            issues.append(ContentIssue(site, None, "", "site layer folder not found. Check "
                                       "the path (--site, or site_content in the settings)."))
            site = None
        else:
            read_site_file(site, issues)
            known = {f.name for f in folders}
            for extra in layer_languages(site):
                if extra not in known:
                    issues.append(ContentIssue(site / extra, None, "", f"the guide has no "
                                               f"language '{extra}' ({', '.join(sorted(known))})"
                                               "; this folder is ignored.", "warning"))
    counts = []
    results = {}
    strings = ui_strings.extract()
    for folder in folders:
        layer = SiteLayer(site, folder.name) if site is not None else None
        result = load_guide(folder, illustrations=illustrations, layer=layer)
        if layer is not None:  # site.yaml's problems are listed once, above
            result = dataclasses.replace(result, issues=tuple(
                i for i in result.issues if i.path.name != "site.yaml"
                or i.path.parent != site))
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
    return issues, counts


def validate(root: Path | None, site: Path | None = None) -> int:
    root = resources.content_root() if root is None else root
    found = content_issues(root, site=site)
    if found is None:
        print(f"{root}: no content found. Expected language folders such as en/ holding "
              "home.yaml, steps.yaml and the other section files.")
        return 1
    issues, counts = found
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
            first = getpass.getpass("New staff PIN (4 to 8 digits; 6 or more recommended): ")
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
    if len(first) < 6:
        print("Note: a PIN of 4 or 5 digits can be found by trying; 6 to 8 digits are "
              "recommended (the keypad locks for longer after each lock-out, but a short PIN "
              "still falls sooner).", file=sys.stderr)
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


def check_config(explicit: Path | None, content: Path | None = None) -> int:
    path = config.config_path(explicit)
    result = config.load_settings(path)
    issues = list(result.issues)
    languages = resources.available_languages(content)
    wanted = result.settings.default_language
    if languages and wanted not in languages:
        issues.append(ContentIssue(path or Path("(defaults)"), None, "default_language",
                                   f"there is no content in '{wanted}' (have: "
                                   f"{', '.join(languages)}); the guide would start in "
                                   f"{'en' if 'en' in languages else languages[0]}."))
    for issue in issues:
        print(issue)
    if issues:
        count = len(issues)
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
        if args.command in ("validate", "lint"):
            site = args.site
            if site is None:  # the clinic's own site layer, as the app would use it
                settings = config.load_settings(config.config_path(args.config)).settings
                site = config.setting_path(settings.site_content)
            if site is not None:
                print(f"Site layer: {site}")
            if args.command == "lint":
                from cartguide.authoring import lint_command

                return lint_command(args.dir or args.content, site)
            return validate(args.dir or args.content, site)
        if args.command == "set-pin":
            return set_pin(args.config)
        if args.command == "bundle":
            return bundle(args)
        if args.command == "check-config":
            return check_config(args.path or args.config, args.content)
        if args.command in ("handout", "wallet-card", "questions", "plan"):
            return export(args)
        if args.command == "schema":
            from cartguide.authoring import schema_command

            args.output.mkdir(parents=True, exist_ok=True)
            return schema_command(args.output)
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
