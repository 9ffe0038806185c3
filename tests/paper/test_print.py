"""The printed PDFs: large type, each learner's own draw, and no key anywhere in a learner's file."""
from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from kit.paper.items import keyed, learner_items
from kit.paper.printing import print_lesson

from ..grader.test_round_trip import changed_keys_bank
from .conftest import SMALL, small_course

pytestmark = pytest.mark.unit


def pdf_text(path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def font_sizes(path) -> set[float]:
    pdf, sizes = pdfium.PdfDocument(str(path)), set()
    try:
        for i in range(len(pdf)):
            page = pdf[i].get_textpage()
            sizes |= {round(raw.FPDFText_GetFontSize(page.raw, k), 1) for k in range(page.count_chars())
                      if not page.get_text_range(k, 1).isspace()}
    finally:
        pdf.close()
    return sizes


@pytest.fixture(scope="module")
def two_prints(tmp_path_factory):
    """The same lesson printed from a bank and from the bank with every graded key changed."""
    out = []
    for name in ("a", "b"):
        root = tmp_path_factory.mktemp(name)
        bank = changed_keys_bank(root) if name == "b" else None
        course = small_course(root, bank)
        out.append((course, print_lesson(course, SMALL, root / "printed")))
    return out


def test_each_learner_gets_a_file_with_their_own_items(two_prints):
    course, printed = two_prints[0]
    assert [p.name for p in printed.papers] == [f"{SMALL}-{who}-试卷.pdf" for who in ("dy001", "dy002", "张三")]
    for path, who in zip(printed.papers, ("dy001", "dy002", "张三")):
        text = pdf_text(path)
        paper = learner_items(course.root, course.course_id, SMALL, who)
        assert f"学号：{who}" in text and "答题卡" in text
        for item in paper.items:  # options in the learner's printed order, as on screen
            for value, label in item.choices():
                if item.type in ("single", "multiple"):
                    assert f"{label}．{item.question.option_text(value)}" in text


def test_type_is_at_least_14_points(two_prints):
    _, printed = two_prints[0]
    sizes = font_sizes(printed.papers[0])
    assert sizes and min(sizes) >= 14.0


def test_learners_files_hold_no_key_and_do_not_change_with_the_key(two_prints):
    (course, a), (_, b) = two_prints
    for path_a, path_b in zip(a.papers, b.papers):
        text = pdf_text(path_a)
        assert text == pdf_text(path_b)  # built with other keys, the learner's paper reads the same
        assert "答案（培训管理员专用" not in text and "解析" not in text
    keys = keyed(course.root, learner_items(course.root, course.course_id, SMALL, "dy001"))
    assert all(q.explanation and q.explanation not in pdf_text(a.papers[0]) for q in keys.values())
    assert pdf_text(a.key) != pdf_text(b.key) and "培训管理员专用" in pdf_text(a.key)
    assert a.key.parent != a.papers[0].parent and a.key.is_relative_to(course.root)


def test_key_shows_the_printed_letter_of_each_learners_key(two_prints):
    course, printed = two_prints[0]
    text = pdf_text(printed.key)
    for who in ("dy001", "张三"):
        paper = learner_items(course.root, course.course_id, SMALL, who)
        keys = keyed(course.root, paper)
        for item in paper.items:
            q = keys[item.question.id]
            if item.type == "single":
                assert f"{item.printed(q.answer)}（{q.answer}. {q.option_text(q.answer)}）" in text


def test_paper_items_are_the_screens_draw(tmp_path):
    from kit.core.draw import option_order
    from kit.course.build import build_course
    from kit.learner.runtime import load_quiz

    from ..conftest import FIXTURES

    build_course(tmp_path, lessons=FIXTURES / "lessons", quizzes=FIXTURES / "banks" / "sample.yml")
    folder = tmp_path / "source" / "sample"
    draws = set()
    for who in [f"dy{n:03d}" for n in range(12)] + ["张三"]:
        paper = learner_items(tmp_path, "dangke", "sample", who)
        screen = []
        for quiz in ("sample-exam", "sample-reflection"):  # the lesson's graded quizzes, in notebook order
            spec, _ = load_quiz(quiz, folder, who)
            screen += [(quiz, q.id, tuple(option_order(list(q.option_ids), who, quiz, q.id) if spec.shuffle
                                          else q.option_ids)) for q in spec.items]
        assert [(i.quiz, i.question.id, i.order) for i in paper.items] == screen
        draws.add(tuple(i.question.id for i in paper.items))
    assert len(draws) > 1  # the draw really differs between learners
