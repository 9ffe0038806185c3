"""Reading single sheets without nbgrader: a phone photo at an angle, both scan resolutions, unclear marks."""
from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from kit.paper.bubbles import classify
from kit.paper.items import keyed
from kit.paper.printing import print_lesson
from kit.paper.scan import PageProblem, Papers, read_image

from .conftest import SMALL, small_course
from .synth import FAINT, known_response, mark_slot, photographed, scanned, sheet_rasters

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    root = tmp_path_factory.mktemp("reading")
    course = small_course(root)
    printed = print_lesson(course, SMALL, root / "printed", one_file=True)
    return course, Papers(course, SMALL), printed.papers[0]


def filled(course, papers, raster, rng, level=None):
    layout = papers.layout(raster.learner)
    keys = keyed(course.root, layout.paper)
    answers = {i.n: known_response(i, keys[i.question.id], rng) for i in layout.paper.items}
    answers[1] = answers[1] or next(v for v, _ in layout.paper.items[0].choices())  # at least one mark
    image = raster.image.copy()
    for slot in layout.on_page(raster.page):
        mark_slot(image, slot, answers[slot.item.n], raster.dpi, level or 35)
    return image, answers


def decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)


@pytest.mark.parametrize("dpi", [150, 300])
def test_scans_at_both_resolutions_read_exactly(sheets, dpi):
    course, papers, pdf = sheets
    rng = random.Random(dpi)
    for raster in sheet_rasters(pdf, dpi):
        image, answers = filled(course, papers, raster, rng)
        sheet_id, readings = read_image(decode(scanned(image, rng)), "scan.jpg", papers)
        assert sheet_id.learner == raster.learner
        assert {r.slot.item.n: r.response for r in readings} == answers
        assert all(r.clear for r in readings)


def test_a_phone_photo_at_an_angle_reads_exactly(sheets):
    course, papers, pdf = sheets
    rng = random.Random(7)
    raster = sheet_rasters(pdf, 200)[2]
    image, answers = filled(course, papers, raster, rng)
    photo = decode(photographed(image, rng))
    assert photo.shape == (4032, 3024)
    sheet_id, readings = read_image(photo, "photo.jpg", papers)
    assert sheet_id.learner == raster.learner == "张三"
    assert {r.slot.item.n: r.response for r in readings} == answers


def test_faint_marks_are_never_read_as_answers(sheets):
    course, papers, pdf = sheets
    raster = sheet_rasters(pdf, 150)[0]
    image, _ = filled(course, papers, raster, random.Random(3), level=FAINT)
    _, readings = read_image(decode(scanned(image, random.Random(3))), "faint.jpg", papers)
    marked = [r for r in readings if r.seen]
    assert marked and all(r.status == "faint" and r.response is None and r.crop for r in marked)


def test_a_page_without_a_sheet_is_a_clear_problem(sheets):
    _, papers, _ = sheets
    blank = np.full((1754, 1240), 255, np.uint8)
    cv2.putText(blank, "not a sheet", (200, 800), cv2.FONT_HERSHEY_SIMPLEX, 4, 0, 8)
    with pytest.raises(PageProblem, match="blank.png：找不到答题卡四角的黑块"):
        read_image(blank, "blank.png", papers)


def test_two_marks_on_a_single_item_are_not_guessed(sheets):
    _, papers, _ = sheets
    slot = next(s for s in papers.layout("dy001").slots if s.item.type == "single")
    assert classify(slot, [0.9, 0.8] + [0.0] * (len(slot.bubbles) - 2)) == ("double", None)
    assert classify(slot, [0.9, 0.3] + [0.0] * (len(slot.bubbles) - 2)) == ("faint", None)
    assert classify(slot, [0.0] * len(slot.bubbles)) == ("clear", None)
    multiple = next(s for s in papers.layout("dy001").slots if s.item.type == "multiple")
    darkness = [0.9, 0.0, 0.95] + [0.0] * (len(multiple.bubbles) - 3)
    assert classify(multiple, darkness) == ("clear", sorted([multiple.bubbles[0].value, multiple.bubbles[2].value]))


def test_a_copiers_multi_page_pdf_is_read_page_by_page(sheets, tmp_path):
    from PIL import Image

    from kit.paper.pages import pages

    course, papers, pdf = sheets
    rng = random.Random(11)
    images, answers = [], {}
    for raster in sheet_rasters(pdf, 200):
        image, answers[raster.learner] = filled(course, papers, raster, rng)
        images.append(Image.fromarray(decode(scanned(image, rng))))
    images[0].save(tmp_path / "copier.pdf", save_all=True, append_images=images[1:], resolution=200)
    found = [read_image(page.image, page.where, papers) for page in pages(tmp_path / "copier.pdf")]
    assert {sid.learner: {r.slot.item.n: r.response for r in readings} for sid, readings in found} == answers


def test_a_failed_submission_keeps_the_answers_and_the_batch_goes_on(sheets, tmp_path, monkeypatch):
    from kit.core.answers import read_sheet
    from kit.core.errors import KitError
    from kit.paper import scan as scan_module  # the module: kit.paper re-exports nothing

    course, papers, pdf = sheets
    rng, submitted = random.Random(4), []
    for raster in sheet_rasters(pdf, 150):
        image, _ = filled(course, papers, raster, rng)
        (tmp_path / f"{raster.learner}.jpg").write_bytes(scanned(image, rng))

    def submit(_course, paper, sheet):  # the exchange refuses one learner (a full disk, a permission)
        if paper.learner == "dy002":
            raise KitError("交换目录不可写")
        submitted.append(paper.learner)

    monkeypatch.setattr(scan_module, "is_released", lambda *_: True)
    monkeypatch.setattr(scan_module, "submit_sheet", submit)
    report = scan_module.scan(course, SMALL, [tmp_path])
    assert sorted(report.submitted) == sorted(submitted) == ["dy001", "张三"]
    kept = scan_module.staged_path(course, SMALL, "dy002")
    assert len(report.problems) == 1 and "交换目录不可写" in report.problems[0] and str(kept) in report.problems[0]
    assert read_sheet(kept).learner == "dy002" and read_sheet(kept).draws
