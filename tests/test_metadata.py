"""Per-page metadata: title, description, Open Graph, Twitter card, canonical, favicon, JSON-LD."""

from __future__ import annotations

import json
import re

from briefing.pipeline import Options, build

PAGES = ["index.html", "timeline.html", "contested.html", "sources.html", "404.html"]


def meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)">', html)
    return found[1] if found else None


def json_ld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_every_page_has_its_metadata(make_site, tmp_path):
    build(make_site(), tmp_path / "out", Options("https://b.example/tiny/"))
    for name in PAGES:
        html = (tmp_path / "out" / name).read_text()
        title = re.search(r"<title>(.*?)</title>", html)[1]
        assert title.endswith("Tiny briefing")
        assert meta(html, "description") == meta(html, "og:description") \
            == meta(html, "twitter:description")
        assert meta(html, "twitter:card") == "summary"
        assert meta(html, "og:site_name") == "Tiny briefing"
        assert re.search(r'<link rel="icon" href="data:image/svg\+xml,', html)
        data = json_ld(html)
        assert data["@type"] == "NewsArticle" and data["dateModified"] == "2026-02-01"
    timeline = (tmp_path / "out" / "timeline.html").read_text()
    assert '<link rel="canonical" href="https://b.example/tiny/timeline.html">' in timeline
    assert meta(timeline, "og:url") == "https://b.example/tiny/timeline.html"
    items = json_ld(timeline)["mainEntity"]
    assert items["@type"] == "ItemList" and items["numberOfItems"] == 4
    assert items["itemListElement"][0] == {
        "@type": "ListItem", "position": 1, "name": "An approximate month",
        "url": "https://b.example/tiny/timeline.html#month-event"}
    assert 'rel="canonical"' not in (tmp_path / "out" / "404.html").read_text()


def test_without_a_base_url_nothing_absolute_is_claimed(make_site, tmp_path):
    build(make_site(), tmp_path / "out")
    for name in PAGES:
        html = (tmp_path / "out" / name).read_text()
        assert "canonical" not in html and meta(html, "og:url") is None
        assert "url" not in json.dumps(json_ld(html))


def test_json_ld_cannot_break_out_of_its_script_element(make_site, tmp_path):
    site = make_site({"content/pages/index.md":
                      "---\ntitle: \"</script><script>alert(1)</script>\"\ndescription: d\n---\n"})
    build(site, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script>"
