"""A clinic's site layer: its own words on top of the shipped content, which stays untouched;
mistakes are named by the layer's file:line and never take the guide down."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import textwrap
import zlib
from pathlib import Path

import pytest
import yaml

from cartguide import resources
from cartguide.cli import main
from cartguide.content import GuideLibrary


def make_png(width: int = 160, height: int = 64) -> bytes:
    """A small real PNG (a teal rectangle), made here so the test needs no image file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + bytes((0, 110, 120)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


PNG = make_png()

RULES = """\
title: {title}
blurb: How long to stay near the hospital, and whom to call.
blocks:
  - heading: Stay near the hospital
    id: stay-near
    paragraphs:
      - Stay close to the hospital after your infusion, as your care team tells you.
  - heading: Whom to call
    id: whom-to-call
    items:
      - "Day time: the CAR-T nurses."
      - "At night: the ward."
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def layer(tmp_path: Path) -> Path:
    """A site layer as docs/site-layer.md describes it, in both languages."""
    root = tmp_path / "site"
    write(root / "site.yaml", "name: St Example Cancer Centre\nlogo: logo.png\n")
    (root / "logo.png").write_bytes(PNG)
    for language, title in (("en", "Our clinic's rules"), ("zh_CN", "本院须知")):
        write(root / language / "steps.yaml", """\
            steps:
              - id: collection
                time:
                  - About 3 hours in our Day Unit.
            """)
        write(root / language / "topics" / "our-rules.yaml", RULES.format(title=title))
        # home's shipped list (it may hold shipped topics), with the clinic's topic before
        # the glossary: a site list that left a shipped topic out would be warned about
        shipped = yaml.safe_load((resources.content_root() / language / "sections.yaml")
                                 .read_text(encoding="utf-8"))["sections"]
        order = [s for s in shipped if s != "glossary"] + ["our-rules", "glossary"]
        write(root / language / "sections.yaml", f"sections: [{', '.join(order)}]\n")
    return root


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.as_posix().encode() + path.read_bytes())
    return h.hexdigest()


def test_the_layer_changes_a_step_adds_a_topic_and_names_the_clinic(layer: Path) -> None:
    before = digest(resources.content_root())
    result = GuideLibrary(site=layer).load("en")
    assert not result.errors, result.errors
    guide = result.guide
    assert guide.steps is not None
    collection = next(s for s in guide.steps.steps if s.id == "collection")
    assert collection.time == ("About 3 hours in our Day Unit.",)
    assert collection.who, "what the layer does not name stays as shipped"
    assert "our-rules" in guide.topic_order
    assert guide.topics["our-rules"].blocks[1].items[0] == "Day time: the CAR-T nurses."
    assert guide.site is not None
    assert guide.site.name == "St Example Cancer Centre"
    assert guide.site.logo == PNG and guide.site.logo_format == "png"
    assert "Our clinic's rules" in guide.site.parts
    assert any(p.startswith(guide.steps.title) and "Collecting" in p for p in guide.site.parts)
    assert digest(resources.content_root()) == before, "the shipped content is untouched"
    plain = GuideLibrary().load("en").guide
    assert plain.site is None and "our-rules" not in plain.topics


def test_validate_with_the_layer_passes_and_names_it(layer: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--site", str(layer)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Site layer: {layer}")
    assert "Content OK: en (8 steps" in out


def test_mistakes_name_the_layers_file_and_line_and_the_rest_still_applies(
        layer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(layer / "en" / "steps.yaml", """\
        steps:
          - id: collection
            time: About 3 hours
          - id: infusion
            who:
              - The [[car-t-nurse]] team
        """)
    result = GuideLibrary(site=layer).load("en")
    problems = {(i.path.name, i.line, i.severity) for i in result.issues}
    assert ("steps.yaml", 3, "error") in problems  # time: must be a list
    assert ("steps.yaml", 6, "error") in problems  # unknown glossary term
    assert all(layer in i.path.parents for i in result.issues), result.issues
    # The broken file is not used; the shipped steps are shown in full, the topic still is.
    shipped = GuideLibrary().load("en").guide
    assert result.guide.steps == shipped.steps
    assert "our-rules" in result.guide.topic_order
    assert main(["validate", "--site", str(layer)]) == 1
    out = capsys.readouterr().out
    assert f"{layer / 'en' / 'steps.yaml'}:3: steps[1].time: expected a list" in out


def test_a_new_item_needs_an_id_and_yaml_mistakes_name_the_line(layer: Path) -> None:
    write(layer / "en" / "side_effects.yaml", """\
        effects:
          - heading: Our own advice
            paragraphs: [Call us.]
        """)
    write(layer / "zh_CN" / "steps.yaml", "steps:\n  - id: collection\n    time: [\"a\"\n")
    en = GuideLibrary(site=layer).load("en")
    (needs_id,) = [i for i in en.issues if i.path.name == "side_effects.yaml"
                   and i.severity == "error"]
    assert needs_id.line == 2 and "needs an id" in needs_id.message
    zh = GuideLibrary(site=layer).load("zh_CN")
    syntax = [i for i in zh.issues if i.path == layer / "zh_CN" / "steps.yaml"]
    assert syntax and "YAML syntax" in syntax[0].message
    assert zh.guide.steps is not None and len(zh.guide.steps.steps) == 8


def test_a_topic_in_one_language_only_fails_the_parity_check_at_the_layers_file(
        layer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (layer / "zh_CN" / "topics" / "our-rules.yaml").unlink()
    write(layer / "zh_CN" / "sections.yaml", "sections: [story, glossary]\n")
    assert main(["validate", "--site", str(layer)]) == 1
    out = capsys.readouterr().out
    assert "en/topics/our-rules.yaml: topic 'our-rules' has no match in zh_CN" in out


@pytest.mark.parametrize("site_yaml, expected", [
    ("name: Clinic\nlogo: ../../etc/passwd.png\n", "inside the site layer folder"),
    ("name: Clinic\nlogo: missing.png\n", "cannot be read"),
    ("name: Clinic\nlogo: logo.gif\n", "must be a .png or .svg"),
    ("name: Clinic\nlogo: fake.png\n", "is not a PNG image"),
    ("name: Clinic\nlogo: big.png\n", "the limit is 1024 KiB"),
    ("name: Clinic\nlogoo: logo.png\n", "unknown key"),
])
def test_logo_and_name_mistakes_are_reported_and_the_guide_still_loads(
        layer: Path, site_yaml: str, expected: str) -> None:
    (layer / "fake.png").write_bytes(b"GIF89a")
    (layer / "big.png").write_bytes(PNG + b"\0" * (1024 * 1024))
    write(layer / "site.yaml", site_yaml)
    result = GuideLibrary(site=layer).load("en")
    problems = [i for i in result.issues if i.path == layer / "site.yaml"]
    assert problems and expected in problems[0].message, problems
    assert problems[0].line == 2
    assert result.guide.site is not None and result.guide.site.logo is None
    assert "our-rules" in result.guide.topics


def test_a_missing_or_unreadable_layer_is_reported_not_fatal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--site", str(tmp_path / "nowhere")]) == 1
    assert "site layer folder not found" in capsys.readouterr().out
    result = GuideLibrary(site=tmp_path / "nowhere").load("en")
    assert not result.errors and result.guide.steps is not None


def test_the_settings_file_names_the_layer_for_validate_and_the_app(
        layer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make_window) -> None:  # type: ignore[no-untyped-def]
    from cartguide.config import load_settings

    settings_file = write(tmp_path / "site-settings.yaml", f"site_content: {layer}\n")
    assert main(["validate", "--config", str(settings_file)]) == 0
    assert f"Site layer: {layer}" in capsys.readouterr().out
    settings = load_settings(settings_file).settings
    window = make_window(settings=settings)
    assert "our-rules" in window.ctx.guide.topic_order
    assert window.ctx.guide.site is not None


def test_a_copy_of_the_shipped_content_with_a_layer_survives_an_upgrade(
        layer: Path, tmp_path: Path) -> None:
    """An upgrade replaces the content; the layer, kept apart, applies to the new one."""
    new = tmp_path / "content-next"
    shutil.copytree(resources.content_root(), new)
    steps = new / "en" / "steps.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace(
        "title: Collecting your T cells", "title: Collecting your T cells (new wording)"),
        encoding="utf-8")
    guide = GuideLibrary(new, site=layer).load("en").guide
    assert guide.steps is not None
    collection = next(s for s in guide.steps.steps if s.id == "collection")
    assert collection.title.endswith("(new wording)")
    assert collection.time == ("About 3 hours in our Day Unit.",)


def test_important_information_says_which_parts_the_clinic_wrote(
        layer: Path, tmp_path: Path, make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from cartguide.config import Settings
    from tests.conftest import click, visible_text

    window = make_window(settings=Settings(site_content=str(layer)))
    click(qtbot, window, "Important information")
    text = visible_text(window)
    assert "Written by your clinic" in text
    assert "St Example Cancer Centre wrote or changed these parts of the guide:" in text
    assert "Our clinic's rules" in text
    logo = window.findChild(QLabel, "clinicLogo")
    assert logo is not None and logo.isVisible() and not logo.pixmap().isNull()
    assert logo.accessibleName() == "Logo of St Example Cancer Centre"


def test_without_a_layer_important_information_claims_nothing_for_the_clinic(
        window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import click, visible_text

    click(qtbot, window, "Important information")
    assert "Written by your clinic" not in visible_text(window)


def test_lint_covers_the_layers_words_and_names_its_file(
        layer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(layer / "en" / "topics" / "our-rules.yaml", RULES.format(title="Our rules").replace(
        "Stay close to the hospital after your infusion, as your care team tells you.",
        "Stay within 60 minutes of the hospital for 28 days."))
    main(["lint", "--site", str(layer)])
    out = capsys.readouterr().out
    assert (f"{layer / 'en' / 'topics' / 'our-rules.yaml'}:7: warning: "
            "blocks[0].paragraphs[0]: states a number but no 'sources'") in out


def test_the_layers_json_schemas_accept_partial_files_and_catch_typos(
        layer: Path, tmp_path: Path) -> None:
    import json

    from cartguide import authoring
    from tests.test_authoring import _as_editor_reads_it, _errors

    paths = authoring.write_schemas(tmp_path / "schemas")
    assert tmp_path / "schemas" / "site-layer" / "steps.schema.json" in paths
    schema = json.loads((tmp_path / "schemas" / "site-layer" / "steps.schema.json").read_text(
        encoding="utf-8"))
    data = _as_editor_reads_it(layer / "en" / "steps.yaml")
    assert _errors(data, schema, schema) == []
    data["steps"][0]["tmie"] = ["typo"]
    data["steps"].append({"time": ["no id"]})
    found = "\n".join(_errors(data, schema, schema))
    assert "unknown key tmie" in found and "$.steps[1]: missing id" in found
    site = json.loads((tmp_path / "schemas" / "site-layer" / "site.schema.json").read_text(
        encoding="utf-8"))
    assert _errors({"name": "Clinic", "logo": "logo.png"}, site, site) == []
    assert _errors({"nmae": "Clinic"}, site, site)


def test_the_chinese_list_of_the_clinics_parts_uses_chinese_punctuation(layer: Path) -> None:
    guide = GuideLibrary(site=layer).load("zh_CN").guide
    assert guide.site is not None and guide.steps is not None
    (step_part,) = [p for p in guide.site.parts if p.startswith(guide.steps.title)]
    assert "：" in step_part and ": " not in step_part
    assert "本院须知" in guide.site.parts


def test_one_bad_change_leaves_out_only_itself(layer: Path) -> None:
    write(layer / "en" / "steps.yaml", """\
        steps:
          - id: collection
            time:
              - About 3 hours in our Day Unit.
          - id: infusion
            time: About one hour
        """)
    result = GuideLibrary(site=layer).load("en")
    assert result.guide.steps is not None
    by_id = {s.id: s for s in result.guide.steps.steps}
    shipped = {s.id: s for s in GuideLibrary().load("en").guide.steps.steps}  # type: ignore[union-attr]
    assert by_id["collection"].time == ("About 3 hours in our Day Unit.",)
    assert by_id["infusion"] == shipped["infusion"], "the bad change is left out"
    errors = [i for i in result.errors]
    assert [(i.path.name, i.line) for i in errors] == [("steps.yaml", 6)]
    (note,) = [i for i in result.issues if i.severity == "warning"
               and i.path == layer / "en" / "steps.yaml"]
    assert "steps/infusion" in note.message and "other changes are used" in note.message
    assert result.guide.site is not None
    assert not any("infusion" in p.lower() for p in result.guide.site.parts)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_logo_is_reported_and_never_blocks(layer: Path) -> None:
    (layer / "logo.png").unlink()
    os.mkfifo(layer / "logo.png")
    result = GuideLibrary(site=layer).load("en")
    (problem,) = [i for i in result.issues if i.path == layer / "site.yaml"]
    assert "not a regular file" in problem.message
    assert result.guide.site is not None and result.guide.site.logo is None
