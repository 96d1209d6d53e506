"""Check your understanding: answer by touch, get a kind explanation; nothing is scored or kept."""

from __future__ import annotations

import pytest

from cartguide.content import markup
from cartguide.ui.widgets.quiz import QuestionView
from tests.conftest import click, finish_visit, visible_text

WORDS = {
    "en": {"right": "Yes, that is right.", "wrong": "Not quite. The answer is: {0}",
           "start": "Start with step 1", "to_quiz": "Next: check your understanding",
           "finish": "Finish"},
    "zh_CN": {"right": "对，答对了。", "wrong": "不太对。正确答案是：{0}",
              "start": "从第1步开始", "to_quiz": "下一步：检查一下您的理解", "finish": "结束"},
}


def plain(window, text: str) -> str:  # type: ignore[no-untyped-def]
    return markup.plain(text, window.ctx.term_name)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_walkthrough_questions_after_the_last_step(make_window, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    window = make_window(language=language)
    words = WORDS[language]
    steps = window.ctx.guide.steps
    click(qtbot, window, plain(window, steps.title))
    click(qtbot, window, words["start"])
    page = window.page("steps")
    page.show_step(page.count - 1)
    click(qtbot, window, words["to_quiz"])
    quiz = steps.quiz
    assert 3 <= len(quiz.questions) <= 5
    text = visible_text(window)
    assert plain(window, quiz.heading) in text
    first, second = quiz.questions[0], quiz.questions[1]
    # A wrong answer: told kindly which is right, and why.
    wrong = next(i for i in range(1, len(first.choices) + 1) if i != first.answer)
    click(qtbot, window, plain(window, first.choices[wrong - 1]))
    right_words = plain(window, first.choices[first.answer - 1])
    text = visible_text(window)
    assert words["wrong"].format(right_words) in text
    assert plain(window, first.explanation[0]) in text
    # The right answer.
    click(qtbot, window, plain(window, second.choices[second.answer - 1]))
    assert words["right"] in visible_text(window)


def test_side_effect_questions_and_reset_forgets_every_answer(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(kiosk=True)
    quiz = window.ctx.guide.side_effects.quiz
    assert 3 <= len(quiz.questions) <= 5
    click(qtbot, window, plain(window, window.ctx.guide.side_effects.title))
    question = quiz.questions[1]
    click(qtbot, window, plain(window, question.choices[question.answer - 1]))
    views = [v for v in window.findChildren(QuestionView) if v.isVisible()]
    assert sum(v.answered for v in views) == 1
    finish_visit(qtbot, window)
    click(qtbot, window, plain(window, window.ctx.guide.side_effects.title))
    views = [v for v in window.findChildren(QuestionView) if v.isVisible()]
    assert views and not any(v.answered for v in views)
    assert not any(c.isChecked() for v in views for c in v.choices)
