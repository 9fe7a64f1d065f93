from briefing.citations import Reference, find_citations, parse_reference
from briefing.markdown_render import MarkdownRenderer
from briefing.model import Citer


def test_references_with_and_without_the_credited_outlet():
    assert parse_reference("@a") == Reference("a")
    assert parse_reference("a via Reuters") == Reference("a", "Reuters")
    assert parse_reference("@a, via The Times of India") == Reference("a", "The Times of India")
    assert parse_reference("not an id!") is None


def test_citation_groups_are_found_but_markdown_links_are_not():
    found = list(find_citations("x [@a; @b via CNBC] y [@c](http://u) [text](v)"))
    assert [(offset, refs) for offset, _, refs in found] == [
        (2, [Reference("a"), Reference("b", "CNBC")])]


def test_markdown_renders_citations_as_links_with_their_own_anchor():
    citer = Citer({"a": "Outlet A", "b": "B & Co"})
    prerendered = MarkdownRenderer().prerender("Claim [@a; @b via CNBC].")
    html = prerendered.fill(citer.on("index.html", "Ctx"))
    assert html == (
        '<p>Claim <span class="cites">[<a class="cite" id="cite-1" '
        'href="sources.html#src-a">Outlet A</a>; <a class="cite" id="cite-2" '
        'href="sources.html#src-b">B &amp; Co, citing CNBC</a>]</span>.</p>')
    assert [c.backlink for c in citer.placed] == ["index.html#cite-1", "index.html#cite-2"]


def test_raw_html_is_sanitized_with_an_allowlist():
    html = MarkdownRenderer().prerender(
        '<script>alert(1)</script> <abbr title="x">T</abbr> <b onclick="y()">bold</b> '
        '<img src=x onerror=alert(1)> [link](javascript:alert(1)) [data](data:text/html,hi) '
        '<a href="https://ok.example" onmouseover="z()">ok</a>').fill(Citer({}).on("p.html", "c"))
    assert html == ('\n<p><abbr title="x">T</abbr> bold <img src="x"> <a>link</a> <a>data</a> '
                    '<a href="https://ok.example">ok</a></p>')


def test_one_renderer_is_reset_between_documents():
    renderer, citer = MarkdownRenderer(), Citer({"a": "A"})
    renderer.prerender("[x]: http://ref.example\n\n[x]").fill(citer.on("p.html", "c"))
    second = renderer.prerender("[x]").fill(citer.on("p.html", "c"))
    assert "http://ref.example" not in second
