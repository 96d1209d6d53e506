"""Every kind of bad content gives a clear error naming file:line and the key, and loses nothing
else: the rest of the guide still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartguide import resources
from cartguide.content import MAX_FILE_BYTES, ContentIssue, load_guide

# A small home.yaml whose line numbers the tests know.
HOME = """\
title: Welcome
blurb: Learn about CAR-T.
illustration:
  name: section-home
  alt: A calm clinic.
app_title: CAR-T Guide
welcome:
  - This guide explains [[car-t|CAR-T cell therapy]].
  - Touch a tile to start.
"""


def load(folder: Path):  # type: ignore[no-untyped-def]
    return load_guide(folder, illustrations=resources.illustration_names())


def errors_in(folder: Path, file_name: str) -> list[ContentIssue]:
    result = load(folder)
    return [i for i in result.errors if i.path.name == file_name]


def write_home(folder: Path, text: str) -> None:
    (folder / "home.yaml").write_text(text, encoding="utf-8")


def only_error(folder: Path, file_name: str = "home.yaml") -> ContentIssue:
    found = errors_in(folder, file_name)
    assert len(found) == 1, "\n".join(map(str, found)) or "no error reported"
    return found[0]


def test_small_home_is_valid(content_copy: Path) -> None:
    write_home(content_copy, HOME)
    result = load(content_copy)
    assert result.errors == ()
    assert result.guide.home is not None
    assert result.guide.home.title == "Welcome"


@pytest.mark.parametrize(
    ("edit", "line", "key", "words"),
    [
        pytest.param(("title: Welcome", "title: Welcome\nsubtitle: Hi"), 2, "subtitle",
                     "unknown key", id="unknown-key"),
        pytest.param(("blurb: Learn about CAR-T.", "blurb: Learn.\nblurb: Again."), 3, "blurb",
                     "duplicate key (first on line 2)", id="duplicate-key"),
        pytest.param(("app_title: CAR-T Guide\n", ""), 1, "app_title", "required but missing",
                     id="missing-required"),
        pytest.param(("app_title: CAR-T Guide", "app_title:\n  - CAR-T"), 7, "app_title",
                     "expected text, found a list", id="wrong-type-list"),
        pytest.param(("  - Touch a tile to start.\n", "  - Touch a tile to start.\n"
                      "  - key: value\n"), 10, "welcome[2]", "expected text, found a mapping",
                     id="wrong-type-mapping"),
        pytest.param(("name: section-home", "name: section-hmoe"), 4, "illustration.name",
                     "unknown illustration 'section-hmoe'. Did you mean 'section-home'?",
                     id="unknown-illustration"),
        pytest.param(("[[car-t|", "[[car-tt|"), 8, "welcome[0]",
                     "unknown term 'car-tt'. Did you mean 'car-t'?", id="unknown-glossary-term"),
        pytest.param(("[[car-t|CAR-T cell therapy]]", "[[car-t|CAR-T cell therapy]"), 8,
                     "welcome[0]", "'[[' or ']]' that is not a glossary link",
                     id="broken-glossary-link"),
        pytest.param(("blurb: Learn about CAR-T.", "blurb: &b Learn"), 2, "",
                     "anchor '&b' is not allowed", id="anchor"),
        pytest.param(("app_title: CAR-T Guide", "app_title: *b"), 6, "",
                     "alias '*b' is not allowed", id="alias"),
        pytest.param(("app_title: CAR-T Guide", "app_title: !!python/object:os.system x"), 6, "",
                     "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
                     id="tag"),
        pytest.param(("  alt: A calm clinic.", "  alt: A calm clinic.\n bad: indent"), 6, "",
                     "YAML syntax", id="syntax"),
    ],
)
def test_each_kind_of_mistake_names_file_line_and_key(
    content_copy: Path, edit: tuple[str, str], line: int, key: str, words: str
) -> None:
    old, new = edit
    assert old in HOME
    write_home(content_copy, HOME.replace(old, new, 1))
    issue = only_error(content_copy)
    assert issue.line == line, str(issue)
    assert issue.key == key, str(issue)
    assert words in issue.message, str(issue)
    text = str(issue)
    assert f"home.yaml:{line}:" in text
    if key:
        assert f" {key}: " in text


def test_file_over_the_size_limit_is_refused_unread(content_copy: Path) -> None:
    write_home(content_copy, HOME + "#" * (MAX_FILE_BYTES + 1))
    issue = only_error(content_copy)
    assert "limit is 256 KiB" in issue.message
    assert load(content_copy).guide.home is None
    assert load(content_copy).guide.steps is not None  # the rest still loads


def test_alias_bomb_is_refused_before_expansion(content_copy: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 9):
        bomb += f"{'abcdefghij'[i]}: &{'abcdefghij'[i]} [*{'abcdefghij'[i - 1]}" + (
            f",*{'abcdefghij'[i - 1]}" * 8) + "]\n"
    write_home(content_copy, bomb)
    issue = only_error(content_copy)
    assert issue.line == 1
    assert "anchor '&a' is not allowed" in issue.message


def test_yaml_11_surprises_stay_text(content_copy: Path) -> None:
    write_home(content_copy, HOME.replace("Touch a tile to start.", "no").replace(
        "app_title: CAR-T Guide", "app_title: 8:30"))
    result = load(content_copy)
    assert result.errors == ()
    assert result.guide.home is not None
    assert result.guide.home.welcome[1] == "no"
    assert result.guide.home.app_title == "8:30"


def test_every_error_is_reported_not_just_the_first(content_copy: Path) -> None:
    write_home(content_copy, HOME.replace("title: Welcome", "title: Welcome\nextra: 1").replace(
        "name: section-home", "name: nothing-here").replace("[[car-t|", "[[nope|"))
    lines = sorted(i.line or 0 for i in errors_in(content_copy, "home.yaml"))
    assert lines == [2, 5, 9]


def test_bad_step_is_dropped_and_the_others_survive(content_copy: Path) -> None:
    steps_file = content_copy / "steps.yaml"
    text = steps_file.read_text(encoding="utf-8")
    good = load(content_copy).guide.steps
    assert good is not None
    first_time = text.index("    time:")
    broken = text[:first_time] + "    time: {}\n    tim:" + text[first_time + len("    time:"):]
    steps_file.write_text(broken, encoding="utf-8")
    result = load(content_copy)
    issues = [i for i in result.errors if i.path.name == "steps.yaml"]
    assert {i.key for i in issues} >= {"steps[0].time", "steps[0].tim"}
    assert result.guide.steps is not None
    assert [s.id for s in result.guide.steps.steps] == [s.id for s in good.steps[1:]]


def test_duplicate_ids_and_unknown_sources_are_errors(content_copy: Path) -> None:
    glossary = content_copy / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    first_id = text.index("  - id: ")
    end = text.index("\n", first_id)
    first_line = text[:first_id].count("\n") + 1
    glossary.write_text(text + "\n" + text[first_id:end] + "\n    term: Again\n"
                        "    definition: [Twice.]\n    sources: [no-such-source]\n",
                        encoding="utf-8")
    issues = errors_in(content_copy, "glossary.yaml")
    messages = " | ".join(map(str, issues))
    assert "unknown source 'no-such-source'" in messages
    dup = [i for i in issues if "used twice" in i.message]
    assert dup, messages
    assert f"first on line {first_line}" in dup[0].message


def test_missing_file_and_bad_date(content_copy: Path) -> None:
    (content_copy / "story.yaml").unlink()
    about = content_copy / "about.yaml"
    text = about.read_text(encoding="utf-8")
    import re

    about.write_text(re.sub(r'review_date: .*', 'review_date: "25/11/2026"', text),
                     encoding="utf-8")
    result = load(content_copy)
    assert result.guide.story is None
    assert any(i.path.name == "story.yaml" and "missing" in i.message for i in result.errors)
    date = [i for i in result.errors if i.key == "review_date"]
    assert date and "YYYY-MM-DD" in date[0].message and date[0].line


def test_not_utf8_and_empty_file(content_copy: Path) -> None:
    (content_copy / "home.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    (content_copy / "story.yaml").write_text("", encoding="utf-8")
    result = load(content_copy)
    assert any("not UTF-8" in i.message for i in result.errors if i.path.name == "home.yaml")
    assert any("empty" in i.message for i in result.errors if i.path.name == "story.yaml")


def test_too_many_steps_is_an_error_with_file_and_line(content_copy) -> None:  # type: ignore[no-untyped-def]
    """Red-team B13: 1,682 steps passed validate and pushed the top bar off screen."""
    import copy

    import yaml

    from cartguide.content import load_guide
    from cartguide.content.model import MAX_STEPS

    path = content_copy / "steps.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["steps"][0]
    data["steps"] = [dict(copy.deepcopy(first), id=f"s-{i}") for i in range(MAX_STEPS + 1)]

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data):  # type: ignore[no-untyped-def]
            return True

    path.write_text(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    errors = [str(e) for e in load_guide(content_copy).errors]
    assert any("steps.yaml:" in e and f"at most {MAX_STEPS}" in e for e in errors), errors
