"""Size budget: every page's HTML plus the CSS it loads, as sent (gzipped), fits in the
14 KB a server sends in its first round trip (TCP's initial window of ten segments), so
the page can show before a second one; its inline SVG pictures (strip, charts, the
attribution graph) have a budget of their own, uncompressed."""

from __future__ import annotations

import gzip
import re

import pytest

from briefing.pipeline import build
from tests.conftest import ROOT

BUDGET = 14 * 1024
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
    sheets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', page)
    assert sheets, "the page loads its stylesheet"
    total = len(gzip.compress(page, 9)) + sum(
        len(gzip.compress((output / sheet.decode()).read_bytes(), 9)) for sheet in sheets)
    print(f"{name}: {total} bytes gzipped")
    assert total <= BUDGET, f"{name} is {total} bytes gzipped, over {BUDGET}"
