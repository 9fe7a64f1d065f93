"""Pictures in events, facts, the brief and pages: copied with their width and height,
alt text required, credits linked to their source, remote images only from allowed hosts
(the CSP allows exactly those), videos and recordings as linked cards, and a word for
whatever the sanitizer removes. Every error message is in the corpus table."""

from __future__ import annotations

import struct
import zlib

from click.testing import CliRunner

from briefing.cli import cli
from briefing.pipeline import render_project


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x10\x20\x30" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


SITE = "title: T\ndescription: D\nlanguage: en\nupdated: 2026-01-01\n"
SHEET = """sources:
  - id: museum
    outlet: A Museum
    headline: The portrait
    published: 2026-01-01
events:
  - id: portrait
    date: 1843
    title: A portrait is painted
    media:
      src: media/portrait.png
      alt: A woman in a blue dress
      caption: The portrait, *in oils*
      credit: A Museum
      credit_source: museum
    sources: [museum]
  - id: film
    date: 1990
    title: A film is made
    media:
      kind: video
      src: https://video.example/watch/1
      caption: The film
      credit: A broadcaster
    sources: [museum]
"""
BRIEF = ("---\ntitle: What happened\norder: 1\n---\nA picture ![a map of the coast](media/map.png)"
         " and one from afar ![a ship](https://images.example/ship.png).\n")


def project(bare_site, site_extra: str = "media_hosts: [images.example]\n", **more: str):
    return bare_site({"site.yml": SITE + site_extra, "content/data/sheet.yml": SHEET,
                      "content/brief/1.md": BRIEF, "content/media/portrait.png": png(30, 40),
                      "content/media/map.png": png(64, 48),
                      "content/media/unused.png": png(1, 1), **more})


def test_local_images_are_copied_with_their_size_and_credit(bare_site):
    files = render_project(project(bare_site)).files
    assert files["media/portrait.png"] == png(30, 40)
    assert "media/unused.png" not in files, "only the images the site shows"
    timeline = files["timeline.html"].decode()
    figure = timeline.split('<figure class="media">')[1].split("</figure>")[0]
    assert ('<img src="media/portrait.png" alt="A woman in a blue dress" width="30" '
            'height="40" loading="lazy">') in figure
    assert "<figcaption>The portrait, <em>in oils</em>" in figure
    assert '<a href="sources.html#src-museum">A Museum</a>' in figure
    index = files["index.html"].decode()
    assert '<img alt="a map of the coast" src="media/map.png" width="64" height="48">' in index


def test_remote_images_only_from_allowed_hosts_and_the_csp_allows_exactly_those(bare_site):
    index = render_project(project(bare_site)).files["index.html"].decode()
    assert 'src="https://images.example/ship.png"' in index
    assert "img-src 'self' data: https://images.example;" in index
    local_only = project(bare_site, site_extra="", **{
        "content/brief/1.md": BRIEF.replace(" and one from afar ![a ship]"
                                            "(https://images.example/ship.png)", "")})
    index = render_project(local_only).files["index.html"].decode()
    assert "img-src 'self' data:;" in index


def test_a_video_is_a_linked_card_never_an_iframe(bare_site):
    timeline = render_project(project(bare_site)).files["timeline.html"].decode()
    card = timeline.split('<figure class="media media-card">')[1].split("</figure>")[0]
    assert '<a class="media-link" href="https://video.example/watch/1">Watch the video: The film' \
        in card
    assert "A broadcaster" in card
    assert "<iframe" not in timeline and "<script" not in timeline.split("</head>")[1]


def test_what_the_sanitizer_removes_is_a_warning_at_its_place(bare_site, monkeypatch):
    site = project(bare_site, **{"content/pages/about.md": (
        "---\ntitle: About\ndescription: D\n---\nFirst line.\n"
        "<iframe src=\"https://x.example\"></iframe> and <b>bold</b> "
        "<a href=\"https://ok.example\" onclick=\"go()\">ok</a>\n"
        "[bad](javascript:alert(1)) and `<script>` in code is fine.\n")})
    monkeypatch.chdir(site)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "removed" in line]
    assert warnings == [
        "content/pages/about.md:6:1: warning: <iframe> is removed from the page (for a "
        "video or a recording use a `media:` entry, shown as a linked card)",
        "content/pages/about.md:6:47: warning: <b> is removed from the page (write it as "
        "Markdown, or leave it out)",
        "content/pages/about.md:6:59: warning: the onclick attribute of <a> is removed from "
        "the page (write it as Markdown, or leave it out)",
        "content/pages/about.md:7:5: warning: a javascript: link is removed from the page "
        "(write it as Markdown, or leave it out)",
    ]
