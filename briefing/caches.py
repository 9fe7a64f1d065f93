"""What a long-running serve keeps between builds, so a rebuild redoes only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from .load import ParseCache
from .markdown_render import Prerendered


@dataclass
class Caches:
    """Parsed YAML and rendered Markdown, both by content. Output is the same without them."""

    parsed: ParseCache = field(default_factory=dict)
    markdown: dict[str, Prerendered] = field(default_factory=dict)
