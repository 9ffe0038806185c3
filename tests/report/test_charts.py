"""Charts are drawn with a CJK font, or not at all."""
from __future__ import annotations

import pytest

from kit.core.errors import KitError
from kit.report import charts

pytestmark = pytest.mark.unit


def test_a_cjk_font_is_found_for_the_charts():
    from matplotlib import font_manager

    family = charts.cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert "CJK" in path or "Han" in path


def test_no_cjk_font_fails_loudly(monkeypatch):
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font 字体",))
    with pytest.raises(KitError, match="fonts-noto-cjk"):
        charts.cjk_font()
