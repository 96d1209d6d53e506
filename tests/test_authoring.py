"""Authoring tools: JSON Schemas generated from the model, and the style lint."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cartguide import authoring, resources
from cartguide.content.model import SECTION_FILES

# -- a tiny JSON Schema validator for the subset authoring.json_schema() emits ------------------


def _errors(value: Any, schema: dict[str, Any], root: dict[str, Any],
            where: str = "$") -> list[str]:
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        return _errors(value, root["$defs"][ref.removeprefix("#/$defs/")], root, where)
    out: list[str] = []
    if "anyOf" in schema and all(_errors(value, option, root, where)
                                 for option in schema["anyOf"]):
        out.append(f"{where}: matches none of anyOf")
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
                  "string": lambda v: isinstance(v, str),
                  "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
                  "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None}
        if not any(checks[k](value) for k in kinds):
            return [*out, f"{where}: expected {kind}, got {type(value).__name__}"]
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                out.append(f"{where}: missing {name}")
        props = schema.get("properties", {})
        for name, item in value.items():
            if name in props:
                out += _errors(item, props[name], root, f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{where}: unknown key {name}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            out.append(f"{where}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for index, item in enumerate(value):
                out += _errors(item, schema["items"], root, f"{where}[{index}]")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            out.append(f"{where}: too short")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(f"{where}: does not match {schema['pattern']}")
    if isinstance(value, int) and "minimum" in schema and value < schema["minimum"]:
        out.append(f"{where}: below {schema['minimum']}")
    return out


def _as_editor_reads_it(path: Path) -> Any:
    """The file as a YAML-aware editor sees it: unquoted numbers are numbers."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_section_has_a_schema_and_files_are_written(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    schemas = authoring.json_schema()
    kinds = {f for f, _ in SECTION_FILES.values()} | {"sections.yaml", "topic.yaml"}
    assert set(schemas) == kinds
    for name, schema in schemas.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert ("title" in schema["required"]) == (name != "sections.yaml")
    assert schemas["sections.yaml"]["required"] == ["sections"]
    assert schemas["topic.yaml"]["properties"]["blocks"]["minItems"] == 1
    assert schemas["topic.yaml"]["$defs"]["Block"]["properties"]["show"]["enum"] == [
        "both", "screen", "print"]
    steps = schemas["steps.yaml"]
    assert steps["properties"]["steps"]["minItems"] == 1
    step = steps["$defs"]["Step"]
    assert step["properties"]["id"]["pattern"] == r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
    assert "sources" not in step["required"] and "what_happens" in step["required"]
    assert schemas["about.yaml"]["properties"]["review_date"]["pattern"]
    assert steps["$defs"]["Question"]["properties"]["choices"]["minItems"] == 2

    assert authoring.schema_command(tmp_path / "schemas") == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir() if p.is_file())
    assert written == sorted(f"{Path(f).stem}.schema.json" for f in kinds)
    assert "steps.schema.json" in capsys.readouterr().out
    loaded = json.loads((tmp_path / "schemas" / "steps.schema.json").read_text(encoding="utf-8"))
    assert loaded == steps


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_shipped_files_validate_against_their_schemas(language: str) -> None:
    schemas = authoring.json_schema()
    folder = resources.content_root() / language
    for file_name, schema in schemas.items():
        paths = (sorted((folder / "topics").glob("*.yaml")) if file_name == "topic.yaml"
                 else [folder / file_name])
        for path in paths:
            data = _as_editor_reads_it(path)
            assert _errors(data, schema, schema) == [], path


def test_schema_rejects_mistakes() -> None:
    schema = authoring.json_schema()["steps.yaml"]
    data = _as_editor_reads_it(resources.content_root() / "en" / "steps.yaml")
    data["colour"] = "blue"
    data["steps"][0]["id"] = "Not An Id"
    del data["steps"][1]["who"]
    data["steps"][2]["prepare"] = []
    data["quiz"]["questions"][0]["answer"] = 0
    found = "\n".join(_errors(data, schema, schema))
    assert "unknown key colour" in found
    assert "$.steps[0].id: does not match" in found
    assert "$.steps[1]: missing who" in found
    assert "$.steps[2].prepare: fewer than 1 items" in found
    assert "$.quiz.questions[0].answer: matches none of anyOf" in found
    block = authoring.json_schema()["story.yaml"]
    assert _errors({"heading": "Only a heading"}, block["$defs"]["Block"], block)


# -- lint -----------------------------------------------------------------------------------------

HARD = ("Administration of lymphodepleting chemotherapy necessitates comprehensive "
        "haematological monitoring, considering potential immunosuppressive complications.")
PLAIN = "You rest in a chair while the machine works. It takes a few hours."


def _folder(tmp_path: Path, language: str, files: dict[str, str]) -> Path:
    folder = tmp_path / "content" / language
    folder.mkdir(parents=True)
    (folder / "home.yaml").write_text("title: Home\n", encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_syllables_and_grade_come_from_textstat() -> None:
    assert [authoring.syllables(w) for w in ("cat", "make", "table", "treatment", "therapy",
                                             "tubes", "asked")] == [1, 1, 2, 2, 3, 1, 1]
    assert authoring.reading_grade(PLAIN) < 4
    assert authoring.reading_grade(HARD) > 12
    # The review's measurement (textstat 0.7.13, CMUdict) of one sentence of the 1.0 content.
    assert authoring.reading_grade("A company called Suzhou Immunofoco Biotechnology started "
                                   "the trial.") == pytest.approx(16.8, abs=0.05)
    # "18.2" and "Dr." do not end sentences.
    one = "This kind of CAR-T looks for a protein called Claudin 18.2 on cancer cells."
    assert authoring.reading_grade(one) == authoring.reading_grade(one.replace("18.2", "182"))


NO_NETWORK = """
import socket, sys
attempts = []
class NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        attempts.append(args)
        raise OSError("no network in this test")
def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("no network in this test")
socket.socket = NoNetwork
socket.create_connection = refuse
socket.getaddrinfo = refuse
import nltk
nltk.data.path[:] = [sys.argv[1]]   # an empty folder: no NLTK data anywhere
from cartguide import authoring
grade = authoring.reading_grade("Leukapheresis collects your white blood cells. It is safe.")
print("grade", round(grade, 1), "syllables", authoring.syllables("therapy"))
print("attempts", len(attempts))
if sys.argv[2] == "unpatched":   # what textstat does on its own: it tries to download
    from textstat.backend.utils._get_cmudict import get_cmudict
    try:
        get_cmudict("en_GB")
    except Exception as exc:
        print("failed", type(exc).__name__)
    print("attempts", len(attempts))
"""


@pytest.mark.parametrize("how", ["ours", "unpatched"])
def test_reading_level_never_reaches_the_network(tmp_path: Path, how: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "NLTK_DATA": str(empty)}
    done = subprocess.run([sys.executable, "-c", NO_NETWORK, str(empty), how],
                          capture_output=True, text=True, timeout=120, env=env)
    lines = done.stdout.splitlines()
    assert lines[:2] == ["grade 1.9 syllables 3", "attempts 0"], done.stdout + done.stderr
    if how == "unpatched":  # the test can fail: textstat alone would have gone online
        assert lines[-1] != "attempts 0", done.stdout + done.stderr


def test_hard_english_paragraph_is_flagged_with_line_and_grade(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "en", {"steps.yaml": (
        "title: Steps\n"
        "intro:\n"
        f"  - {PLAIN}\n"
        "  - \"Administration of [[chemotherapy|lymphodepleting chemotherapy]] necessitates "
        "comprehensive haematological monitoring, considering potential immunosuppressive "
        "complications.\"\n")})
    issues = authoring.lint(tmp_path / "content")
    assert len(issues) == 1, [str(i) for i in issues]
    issue = issues[0]
    assert (issue.path, issue.line, issue.key, issue.severity) == (
        folder / "steps.yaml", 4, "intro[1]", "warning")
    grade = float(re.search(r"reading level grade (\d+\.\d)", issue.message).group(1))
    assert grade > 8
    assert "(aim for 6 or below)" in issue.message
    # The link id is not read: the words shown are.
    assert authoring.lint(folder) == issues


def test_long_chinese_sentence_is_flagged(tmp_path: Path) -> None:
    long = "这是一个非常非常长的句子" * 4  # 48 characters, no break
    _folder(tmp_path, "zh_CN", {"story.yaml": (
        "title: 故事\n"
        "intro:\n"
        "  - 这是短句。这也是短句\uff01\n"
        f"  - 开头很短。{long}。\n")})
    issues = authoring.lint(tmp_path / "content")
    assert [(i.line, i.key, i.severity) for i in issues] == [(4, "intro[1]", "warning")]
    assert "48 characters" in issues[0].message


def test_paragraphs_above_grade_6_and_alt_text_above_8_are_flagged(tmp_path: Path) -> None:
    grade_7 = "A nurse takes your temperature and blood pressure several times every day."
    assert 6 < authoring.reading_grade(grade_7) <= 8
    long_alt = ("A nurse connects an intravenous line to a patient reclining comfortably in a "
                "hospital chair beside a monitoring machine.")
    short_alt = "A nurse and a man in a chair. A drip bag hangs by the chair."
    folder = _folder(tmp_path, "en", {"story.yaml": (
        "title: Story\n"
        "illustration:\n"
        f"  name: section-story\n  alt: {long_alt}\n"
        "intro:\n"
        f"  - {grade_7}\n"
        f"  - {PLAIN}\n"
        "after:\n"
        "  - heading: A block\n"
        f"    illustration: {{name: section-home, alt: {short_alt}}}\n"
        "    items: [Short.]\n")})
    found = [(i.line, i.key, i.message.split(" (")[0]) for i in authoring.lint(folder)]
    assert [(line, key) for line, key, _ in found] == [(4, "illustration.alt"), (6, "intro[0]")]
    assert found[0][2].startswith("alt text reading level grade ")
    assert found[1][2] == "reading level grade 6.8"


def test_chinese_sentence_rule_names_and_the_one_gloss(tmp_path: Path) -> None:
    gloss = "Claudin 18.2（紧密连接蛋白18.2）"
    # 33 characters and the name: 34 with the page's first gloss free, 43 once it is used.
    sentence = f"这种治疗会寻找癌细胞表面的{gloss}这个蛋白，然后去攻击癌细胞，效果因人而异。"
    lengths, used = authoring.zh_sentence_lengths(sentence)
    assert used and lengths[0][0] == 34
    again, _ = authoring.zh_sentence_lengths(sentence, gloss_seen=True)
    assert again[0][0] == 43
    # A pinyin name or a code is one unit each, not one per letter.
    assert authoring.zh_sentence_lengths("Li Hui 主任医师说，CAR-T 可以帮助一些人。")[0] == [
        (15, "Li Hui 主任医师说，CAR-T 可以帮助一些人")]
    folder = _folder(tmp_path, "zh_CN", {"story.yaml": (
        "title: 故事\n"
        "intro:\n"
        f"  - {sentence}\n"
        f"  - {sentence}\n")})
    issues = authoring.lint(folder)
    assert [(i.line, i.key) for i in issues] == [(4, "intro[1]")]  # the second gloss counts
    assert "43 characters" in issues[0].message


def test_sources_need_a_recent_check(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "en", {"about.yaml": (
        "title: About\nlanguage: en\ncontent_version: \"1.1\"\nreview_date: \"2026-11-25\"\n"
        "sources:\n"
        "  - id: fresh\n    title: A\n    detail: B\n    checked: \"2026-01-10\"\n"
        "  - id: never\n    title: A\n    detail: B\n"
        "  - id: old\n    title: A\n    detail: B\n    url: https://doi.org/10.1038/x-024-03037\n"
        "    checked: \"2025-11-01\"\n")})
    issues = authoring.lint(folder, today=datetime.date(2026, 11, 29))
    assert [(i.line, i.key, i.severity) for i in issues] == [
        (10, "sources[1]", "warning"), (17, "sources[2].checked", "warning")]
    assert "source 'never' has no 'checked' date" in issues[0].message
    assert "source 'old' was last checked on 2025-11-01, more than 12 months ago" in \
        issues[1].message  # and the digits of a URL are not a number without a source


def test_numbers_need_sources(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "en", {"side_effects.yaml": (
        "title: Side effects\n"
        "intro:\n"
        "  - About 8 in 10 people get a fever.\n"
        "  - \"[[claudin-18-2|Claudin 18.2]] is a protein. So is HER2.\"\n"
        "effects:\n"
        "  - id: fever\n"
        "    heading: Fever\n"
        "    paragraphs:\n"
        "      - About 8 in 10 people get a fever.\n"
        "    sources: [trial-2024]\n"
        "  - id: sourced-empty\n"
        "    heading: Fever\n"
        "    items:\n"
        "      - It lasts 2 days.\n"
        "    sources: []\n")})
    issues = authoring.lint(folder)
    assert [(i.line, i.key) for i in issues] == [(3, "intro[0]"), (14, "effects[1].items[0]")]
    assert all(i.message == "states a number but no 'sources' are listed for it"
               and i.severity == "warning" for i in issues)


def test_stale_review_date_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    folder = _folder(tmp_path, "en", {"about.yaml": (
        "title: About\nlanguage: en\ncontent_version: \"1.0\"\nreview_date: \"2025-01-10\"\n")})
    fresh = authoring.lint(folder, today=datetime.date(2026, 1, 10))
    assert fresh == []
    stale = authoring.lint(folder, today=datetime.date(2026, 1, 11))
    assert [(i.line, i.key, i.severity) for i in stale] == [(4, "review_date", "error")]
    assert stale[0].message == ("review date 2025-01-10 is more than a year old: review the "
                                "content and update it")
    assert authoring.lint_command(folder) == 1  # today is well past 2026-01-10
    out = capsys.readouterr().out
    assert "review date 2025-01-10" in out and "1 error, 0 warnings." in out


def test_shipped_content_has_no_lint_findings_at_all() -> None:
    """Issue 12: lint reports 0 warnings on the shipped content (on a fixed day, so that
    sources checked in November 2026 do not go stale under the test)."""
    issues = authoring.lint(resources.content_root(), today=datetime.date(2026, 11, 30))
    assert [str(i) for i in issues] == []


def test_shipped_content_has_no_lint_errors() -> None:
    # A fixed day: the shipped review date is allowed to age without breaking this test.
    issues = authoring.lint(resources.content_root(), today=datetime.date(2026, 11, 25))
    assert [str(i) for i in issues if i.severity == "error"] == []
    assert all(i.path.name in {f for f, _ in SECTION_FILES.values()}
               or i.path.parent.name == "topics" for i in issues)


def test_authoring_imports_no_qt() -> None:
    code = ("import sys, cartguide.authoring\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
