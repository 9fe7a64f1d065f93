"""The check stage's rule for pictures: every image a page shows is there, says what it
shows, and comes from the project or from a host site.yml allows; a video or a recording
is a link to the page that plays it."""

from __future__ import annotations

import io
import posixpath
import re
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import imagesize

from .citations import Reference
from .problems import Position, did_you_mean
from .shapes import Cited, ShapeChecker
from .yamlpos import Mapping, text


class MediaRecord(NamedTuple):
    """A picture, or a linked card for a video or a recording."""

    kind: str  # image, video or audio
    src: str  # an image under content/ (its path there, and in the output), or an address
    alt: str
    caption: str  # Markdown
    credit: str
    credit_source: str  # the id of the source the credit links to, or ''
    width: int  # 0 when not known (an image from another host)
    height: int


def is_address(src: str) -> bool:
    return bool(urlsplit(src).scheme)


def local_path(src: str) -> str:
    """An image's path under content/, as written ('./media/a.png' -> 'media/a.png')."""
    return posixpath.normpath(src.strip()).lstrip("/")


def image_sizes(media: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    """(width, height) of each image under content/, read from its header; (0, 0) when the
    header does not say (an SVG with no width, a damaged file)."""
    sizes = {}
    for path, data in media.items():
        try:
            width, height = imagesize.get(io.BytesIO(data))
        except ValueError:
            width, height = -1, -1
        sizes[path] = (max(width, 0), max(height, 0))
    return sizes


def check_src(checker: ShapeChecker, src: str, where: Position, media: dict[str, bytes],
              hosts: list[str]) -> None:
    """An image's source: a file under content/, or https:// on an allowed host."""
    if not is_address(src):
        path = local_path(src)
        if path.startswith("..") or path not in media:
            checker.error(where, f"there is no image content/{path}",
                          did_you_mean(path, media) if media else
                          "put the image under content/, e.g. content/media/, and give its "
                          "path from there")
        return
    parts = urlsplit(src)
    if parts.scheme != "https" or not parts.hostname:
        checker.error(where, f"an image address must start with https://, not {src!r}",
                      "give the https:// address, or a path under content/")
    elif parts.hostname not in hosts:
        checker.error(where, f"images from {parts.hostname} are not allowed",
                      f"add {parts.hostname} to media_hosts in site.yml, or keep a copy "
                      "under content/")


def check_entry(checker: ShapeChecker, data: Mapping, media: dict[str, bytes],
                hosts: list[str]) -> None:
    """An entry's `media:` mapping, once its shape has been checked."""
    kind, src = data.get("kind") or "image", data.get("src")
    if not isinstance(src, str):
        return  # the shape check reports it
    if kind == "image":
        if not text(data, "alt"):
            checker.error(data.at("src") if "alt" not in data else data.at("alt"),
                          "the image has no alt text",
                          "add 'alt:' saying what it shows, for readers who cannot see it")
        check_src(checker, src, data.at("src"), media, hosts)
    else:
        parts = urlsplit(src)
        if parts.scheme != "https" or not parts.hostname:
            checker.error(data.at("src"), f"a {kind} is linked, not embedded: 'src' must be "
                                          f"the https:// address of the page that plays it, "
                                          f"not {src!r}", "give the page's address")
    credited = data.get("credit_source")
    if isinstance(credited, str):  # judged with the citations: it must exist, and it is used
        checker.cited.append(Cited(Reference(credited), data.at("credit_source"),
                                   checker.in_draft))


def check_images(checker: ShapeChecker, media: dict[str, bytes], hosts: list[str]) -> None:
    """Every image the Markdown texts show: alt text, and a source that is there."""
    for image in checker.images:
        if not image.alt:
            checker.error(image.where, f"the image {image.src} has no alt text",
                          "say what it shows between the brackets: ![a map of ...](...)")
        check_src(checker, image.src, image.where, media, hosts)


def media_record(data: Any, sizes: dict[str, tuple[int, int]]) -> MediaRecord | None:
    """An entry's `media:` as a record (sizes: each local image's width and height)."""
    if not isinstance(data, Mapping):
        return None
    src = text(data, "src")
    path = local_path(src) if not is_address(src) else src
    width, height = sizes.get(path, (0, 0))
    return MediaRecord(text(data, "kind") or "image", path, text(data, "alt"),
                       text(data, "caption"), text(data, "credit"),
                       text(data, "credit_source"), width, height)


IMAGE_TAG = re.compile(r'<img\b([^>]*?)src="([^"]*)"([^>]*)>')


def sized_images(html: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Each image of the project in the HTML given its width and height, so the page does
    not shift as it loads."""
    if "<img" not in html:
        return html

    def sized(match: re.Match) -> str:
        width, height = sizes.get(local_path(match[2]), (0, 0))
        if not width or "width=" in match[0]:
            return match[0]
        return f'<img{match[1]}src="{match[2]}"{match[3]} width="{width}" height="{height}">'

    return IMAGE_TAG.sub(sized, html)
