"""Size budget: every page's HTML plus the CSS it loads stays within 30 KB uncompressed; its
inline SVG pictures (charts, the attribution graph) have a budget of their own."""

from __future__ import annotations

import re

import pytest

from briefing.pipeline import build
from tests.conftest import ROOT

BUDGET = 30 * 1024
PICTURES = 16 * 1024
SVG = re.compile(rb"<svg\b.*?</svg>", re.DOTALL)


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    out = tmp_path_factory.mktemp("budget") / "output"
    build(ROOT, out)
    return out


@pytest.mark.parametrize("name", sorted(p.stem + ".html"
                                         for p in (ROOT / "content" / "pages").glob("*.md")))
def test_page_and_its_css_fit_the_budget(output, name):
    page = (output / name).read_bytes()
    pictures = sum(len(svg) for svg in SVG.findall(page))
    assert pictures <= PICTURES, f"{name} has {pictures} bytes of inline SVG"
    html = SVG.sub(b"", page)
    sheets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
    assert sheets, "the page loads its stylesheet"
    total = len(html) + sum((output / s.decode()).stat().st_size for s in sheets)
    print(f"{name}: {total} bytes")
    assert total <= BUDGET, f"{name} is {total} bytes, over {BUDGET}"
