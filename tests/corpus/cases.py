"""Broken inputs: each an edit of the tiny fixture site and the exact messages it must give.

An edit is ("edit", path, old, new), ("put", path, text or bytes) or ("drop", path).
"""

from __future__ import annotations

import base64

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGMQUDAAIgYIBQAKDgGBVjPu8wAAAABJRU5ErkJggg==")
"""A 2x2 PNG, for the cases about images."""

EV = "content/data/timeline.yml"
SRC = "content/data/sources.yml"
BRIEF = "content/brief/what-happened.md"
PAGE = "content/pages/timeline.md"
T = "templates/404.html"

DISPUTE_TWO = "      - claim: More than twelve [@paper-b].\n"

CASES: list[tuple[str, list[tuple], list[str]]] = [  # (name, edits, expected stderr)
    # -- YAML syntax ----------------------------------------------------------------------
    ("unclosed-flow-list", [("edit", EV, "sources: [wire-a]", "sources: [wire-a")], [
        "content/data/timeline.yml:7:7: YAML syntax error: did not find expected ',' or ']', while parsing a flow sequence that starts at line 6 (check the indentation and quoting on this line or the one before it)",
        'build failed: 1 error(s)',
    ]),
    ("unclosed-quote", [("edit", SRC, "headline: A thing happens", 'headline: "A thing')], [
        'content/data/sources.yml:17:1: YAML syntax error: found unexpected end of stream, while scanning a quoted scalar that starts at line 4 (check the indentation and quoting on this line or the one before it)',
        'build failed: 1 error(s)',
    ]),
    ("bad-indentation", [("edit", EV, "    title: A day event", "  title: A day event")], [
        "content/data/timeline.yml:4:3: YAML syntax error: did not find expected '-' indicator, while parsing a block collection that starts at line 2 (check the indentation and quoting on this line or the one before it)",
        'build failed: 1 error(s)',
    ]),
    ("tab-indentation", [("edit", EV, "    title: A day event", "\ttitle: A day event")], [
        'content/data/timeline.yml:4:1: YAML syntax error: found a tab character that violates indentation, while scanning a plain scalar that starts at line 3 (indent with spaces, not tabs)',
        'build failed: 1 error(s)',
    ]),
    ("mapping-value-in-plain-text", [("edit", SRC, "headline: A thing happens",
                                      "headline: A thing: happens: here")], [
        'content/data/sources.yml:4:22: YAML syntax error: mapping values are not allowed in this context (check the indentation and quoting on this line or the one before it)',
        'build failed: 1 error(s)',
    ]),
    ("undefined-alias", [("edit", EV, "sources: [wire-a]", "sources: *nowhere")], [
        'content/data/timeline.yml:6:14: YAML syntax error: found undefined alias (check the indentation and quoting on this line or the one before it)',
        'build failed: 1 error(s)',
    ]),
    ("python-tag", [("edit", EV, "title: A day event", "title: !!python/name:os.system")],
     [
        "content/data/timeline.yml:4:12: YAML syntax error: could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system' (check the indentation and quoting on this line or the one before it)",
        'build failed: 1 error(s)',
    ]),
    ("two-documents", [("put", "content/data/extra.yml", "events: []\n---\nfacts: []\n")], [
        'content/data/extra.yml:2:1: YAML syntax error: but found another document, expected a single document in the stream that starts at line 1 (check the indentation and quoting on this line or the one before it)',
        'build failed: 1 error(s)',
    ]),
    ("duplicate-key-site", [("edit", "site.yml", "language: en\n",
                             "language: en\nlanguage: fr\n")], [
        "site.yml:4:1: duplicate key 'language' (first given at line 3) (keep one of them: YAML would silently drop the first)",
        'build failed: 1 error(s)',
    ]),
    ("duplicate-key-event", [("edit", EV, "    status: confirmed\n",
                              "    status: confirmed\n    status: reported\n")], [
        "content/data/timeline.yml:6:5: duplicate key 'status' (first given at line 5) (keep one of them: YAML would silently drop the first)",
        'build failed: 1 error(s)',
    ]),
    ("duplicate-key-front-matter", [("edit", BRIEF, "order: 1\n", "order: 1\norder: 2\n")],
     [
        "content/brief/what-happened.md:4:1: duplicate key 'order' (first given at line 3) (keep one of them: YAML would silently drop the first)",
        'build failed: 1 error(s)',
    ]),
    # -- types ----------------------------------------------------------------------------
    ("title-is-a-list", [("edit", "site.yml", "title: Tiny briefing", "title: [a, b]")], [
        "site.yml:1:8: 'title' must be text, but YAML reads a list here (see the content format in README.md)",
        'build failed: 1 error(s)',
    ]),
    ("navigation-is-a-mapping", [("put", "site.yml", "title: T\ndescription: D\nlanguage: en\n"
                                  "updated: 2026-02-01\nnavigation:\n  title: Home\n")], [
        "site.yml:6:3: 'navigation' must be a list of entries, but YAML reads a mapping (key: value lines) here (see the content format in README.md)",
        'build failed: 1 error(s)',
    ]),
    ("sources-not-a-list", [("put", "content/data/x.yml", "sources: wire-a\n")], [
        "content/data/x.yml:1:10: 'sources' must be a list of entries, but YAML reads 'wire-a' as text (see the content format in README.md)",
        'build failed: 1 error(s)',
    ]),
    ("event-is-text", [("put", "content/data/x.yml", "events:\n  - just some text\n")], [
        "content/data/x.yml:2:5: an event must be a mapping of keys to values (write 'key: value' lines)",
        'build failed: 1 error(s)',
    ]),
    ("references-not-a-list", [("edit", EV, "sources: [wire-a]", "sources: wire-a")], [
        "content/data/timeline.yml:6:14: 'sources' must be a list of source ids, but YAML reads 'wire-a' as text (see the content format in README.md)",
        'build failed: 1 error(s)',
    ]),
    ("order-not-a-number", [("edit", BRIEF, "order: 1", "order: first")], [
        "content/brief/what-happened.md:3:8: 'order' must be a number, but YAML reads 'first' as text (see the content format in README.md)",
        'build failed: 1 error(s)',
    ]),
    ("draft-not-a-flag", [("edit", EV, "    status: confirmed\n",
                           "    status: confirmed\n    draft: maybe\n")], [
        "content/data/timeline.yml:6:12: 'draft' must be true or false, not 'maybe' (write 'draft: true' or leave the key out)",
        'build failed: 1 error(s)',
    ]),
    ("credit-is-a-number", [("edit", SRC, "credits: [Wire]", "credits: [Wire, 42]")], [
        "content/data/sources.yml:15:21: each item of 'credits' must be a name (write it as text)",
        'build failed: 1 error(s)',
    ]),
    ("empty-title", [("edit", EV, "title: A day event", 'title: ""')], [
        "content/data/timeline.yml:4:12: 'title' is empty (write its text or remove the key)",
        'build failed: 1 error(s)',
    ]),
    ("url-ftp", [("edit", SRC, "https://wire.example/a", "ftp://wire.example/a")], [
        "content/data/sources.yml:7:10: 'url' must be an http:// or https:// address, got 'ftp://wire.example/a' (give the full address, or leave the key out)",
        'build failed: 1 error(s)',
    ]),
    ("url-javascript", [("edit", SRC, "https://wire.example/a", "javascript:alert(1)")], [
        "content/data/sources.yml:7:10: 'url' must be an http:// or https:// address, got 'javascript:alert(1)' (give the full address, or leave the key out)",
        'build failed: 1 error(s)',
    ]),
    ("url-data", [("edit", SRC, "https://wire.example/a", "data:text/html,hi")], [
        "content/data/sources.yml:7:10: 'url' must be an http:// or https:// address, got 'data:text/html,hi' (give the full address, or leave the key out)",
        'build failed: 1 error(s)',
    ]),
    ("id-with-spaces", [("edit", EV, "id: day-event", "id: day event")], [
        "content/data/timeline.yml:2:9: 'id' may hold only lower-case letters a-z, digits and hyphens, and begin with a letter or digit; 'day event' holds U+0020 (SPACE) (e.g. 'huang-visits-beijing')",
        "content/data/timeline.yml:20:13: unknown event id 'day-event' (did you mean 'day event'?)",
        'build failed: 2 error(s)',
    ]),
    ("id-upper-case", [("edit", SRC, "id: wire-a", "id: Wire-A")], [
        "content/brief/what-happened.md:5:18: unknown source id 'wire-a' (did you mean 'Wire-A'?)",
        "content/data/sources.yml:2:9: 'id' may hold only lower-case letters a-z, digits and hyphens, and begin with a letter or digit; 'Wire-A' holds U+0057 (LATIN CAPITAL LETTER W) (e.g. 'huang-visits-beijing')",
        "content/data/sources.yml:2:9: warning: source 'Wire-A' is never cited (cite it or remove it)",
        "content/data/timeline.yml:6:15: unknown source id 'wire-a' (did you mean 'Wire-A'?)",
        "content/data/timeline.yml:12:15: unknown source id 'wire-a' (did you mean 'Wire-A'?)",
        "content/data/timeline.yml:32:19: unknown source id 'wire-a' (did you mean 'Wire-A'?)",
        "content/data/timeline.yml:40:15: unknown source id 'wire-a' (did you mean 'Wire-A'?)",
        "content/data/timeline.yml:50:19: unknown source id 'wire-a' (did you mean 'Wire-A'?)",
        "content/data/timeline.yml:53:37: unknown source id 'wire-a' (did you mean 'Wire-A'?)",
        'build failed: 8 error(s)',
    ]),
    ("unknown-kind", [("edit", SRC, "kind: news report", "kind: newsreport")], [
        "content/data/sources.yml:5:11: 'kind' cannot be 'newsreport' (did you mean 'news report'? If not, add it to site.yml's source_kinds)",
        'build failed: 1 error(s)',
    ]),
    ("unknown-status", [("edit", EV, "status: confirmed", "status: confirmd")], [
        "content/data/timeline.yml:5:13: 'status' cannot be 'confirmd' (did you mean 'confirmed'? If not, add it to site.yml's statuses)",
        'build failed: 1 error(s)',
    ]),
    # -- unknown keys ---------------------------------------------------------------------
    ("unknown-key-event", [("edit", EV, "    status: confirmed", "    staus: confirmed")], [
        "content/data/timeline.yml:5:5: unknown key 'staus' in an event (did you mean 'status'?)",
        'build failed: 1 error(s)',
    ]),
    ("unknown-key-site", [("edit", "site.yml", "title: Tiny", "titel: Tiny")], [
        "site.yml:1:1: the site.yml has no 'title' (add 'title:' (the site's name, shown on every page and in its title))",
        "site.yml:1:1: unknown key 'titel' in a site.yml (did you mean 'title'?)",
        'build failed: 2 error(s)',
    ]),
    ("unknown-key-front-matter", [("edit", BRIEF, "order: 1", "ordr: 1")], [
        "content/brief/what-happened.md:2:1: the brief front matter has no 'order' (add 'order:' (where the section stands in the brief, smallest first))",
        "content/brief/what-happened.md:3:1: unknown key 'ordr' in a brief front matter (did you mean 'order'?)",
        'build failed: 2 error(s)',
    ]),
    ("unknown-sheet-key", [("put", "content/data/x.yml", "evnts: []\n")], [
        "content/data/x.yml:1:1: unknown key 'evnts' in a fact sheet (did you mean 'events'?)",
        'build failed: 1 error(s)',
    ]),
    # -- missing --------------------------------------------------------------------------
    ("missing-site-yml", [("drop", "site.yml")], [
        'site.yml: site.yml is missing (create it beside content/ and templates/)',
        'build failed: 1 error(s)',
    ]),
    ("nav-to-a-page-with-no-content", [("edit", EV, "  - id: how-big\n", "  - id: how-big\n    draft: true\n"), ("drop", "content/pages/contested.md")], [
        "site.yml:11:11: there is no page 'contested' (the site has no disputes, so no contested page; add some, or remove the link)",
        'build failed: 1 error(s)',
    ]),
    ("missing-title", [("edit", EV, "    title: A day event\n", "")], [
        "content/data/timeline.yml:2:5: the event has no 'title' (add 'title:' (one line saying what happened))",
        'build failed: 1 error(s)',
    ]),
    ("status-with-empty-vocabulary", [("edit", "site.yml", "updated: 2026-02-01\n", "updated: 2026-02-01\nstatuses: {}\n")], [
        "content/data/timeline.yml:5:13: 'status' cannot be 'confirmed': site.yml's statuses is empty (remove the key, or add 'confirmed' to statuses)",
        "content/data/timeline.yml:10:13: 'status' cannot be 'reported': site.yml's statuses is empty (remove the key, or add 'reported' to statuses)",
        "content/data/timeline.yml:16:13: 'status' cannot be 'expected': site.yml's statuses is empty (remove the key, or add 'expected' to statuses)",
        "content/data/timeline.yml:23:13: 'status' cannot be 'denied': site.yml's statuses is empty (remove the key, or add 'denied' to statuses)",
        'build failed: 4 error(s)',
    ]),
    ("missing-positions", [("edit", EV, "    positions:\n", "    old_positions:\n")], [
        "content/data/timeline.yml:42:5: the dispute has no 'positions' (add 'positions:' (the answers given, at least two))",
        "content/data/timeline.yml:47:5: unknown key 'old_positions' in a dispute (did you mean 'positions'?)",
        'build failed: 2 error(s)',
    ]),
    ("missing-held-by", [("edit", EV, "        held_by: Wire A\n", "")], [
        "content/data/timeline.yml:48:9: the position has no 'held_by' (add 'held_by:' (who claims it, as the sources name them))",
        'build failed: 1 error(s)',
    ]),
    ("empty-file", [("put", "content/data/x.yml", "")], [
        'content/data/x.yml: the file is empty (add its content)',
        'build failed: 1 error(s)',
    ]),
    ("only-a-comment", [("put", "content/data/x.yml", "# nothing yet\n")], [
        'content/data/x.yml: the file holds no data, only comments (add its content, or remove the file)',
        'build failed: 1 error(s)',
    ]),
    ("missing-front-matter", [("put", PAGE, "Just text.\n")], [
        "content/pages/timeline.md:1:1: missing front matter (start the file with a '---' line, a 'title:' line and a closing '---' line)",
        'build failed: 1 error(s)',
    ]),
    ("unclosed-front-matter", [("put", PAGE, "---\ntitle: T\n\nText.\n")], [
        "content/pages/timeline.md:1:1: front matter is never closed (add a '---' line after it)",
        'build failed: 1 error(s)',
    ]),
    ("missing-override-include", [("put", "templates/timeline.html", "{% extends 'base.html' %}{% block main %}{% include '_gone.html' %}{% endblock %}\n")], [
        "templates/timeline.html:1:1: template '_gone.html' is missing (create it in templates/)",
        'build failed: 1 error(s)',
    ]),
    # -- dates ----------------------------------------------------------------------------
    ("impossible-day", [("edit", EV, "date: 2026-01-10", "date: 2026-02-30")], [
        "content/data/timeline.yml:3:11: 'date': '2026-02-30' is not a real day: February 2026 has 28 days (check the day of the month)",
        'build failed: 1 error(s)',
    ]),
    ("not-a-leap-year", [("edit", EV, "date: 2026-01-10", "date: 2026-02-29")], [
        "content/data/timeline.yml:3:11: 'date': '2026-02-29' is not a real day: February 2026 has 28 days (check the day of the month)",
        'build failed: 1 error(s)',
    ]),
    ("month-13", [("edit", EV, "date: 2026-01-10", "date: 2026-13")], [
        "content/data/timeline.yml:3:11: 'date': '2026-13' has no month 13 (months run from 01 to 12)",
        'build failed: 1 error(s)',
    ]),
    ("slashes", [("edit", EV, "date: 2026-01-10", "date: 2026/01/10")], [
        "content/data/timeline.yml:3:11: 'date': '2026/01/10' is not a date this format knows (write YYYY-MM-DD, YYYY-MM, YYYY, a decade such as 1950s, a range A/B of any of these, 'c. ' before a date, 'early|mid|late YYYY', or 'undated')",
        'build failed: 1 error(s)',
    ]),
    ("words", [("edit", EV, "date: 2026-01-10", "date: January 10, 2026")], [
        "content/data/timeline.yml:3:11: 'date': 'January 10, 2026' is not a date this format knows (write YYYY-MM-DD, YYYY-MM, YYYY, a decade such as 1950s, a range A/B of any of these, 'c. ' before a date, 'early|mid|late YYYY', or 'undated')",
        'build failed: 1 error(s)',
    ]),
    ("range-backwards", [("edit", EV, "2026-01-12/2026-01-13", "2026-01-13/2026-01-12")], [
        "content/data/timeline.yml:8:11: 'date': the range '2026-01-13/2026-01-12' ends before it starts, or where it starts (put the earlier date first, and a later one after the slash)",
        'build failed: 1 error(s)',
    ]),
    ("range-ends-within-its-start", [("edit", EV, "2026-01-12/2026-01-13", "2026-07/2026")], [
        "content/data/timeline.yml:8:11: 'date': the range '2026-07/2026' ends before it starts, or where it starts (put the earlier date first, and a later one after the slash)",
        'build failed: 1 error(s)',
    ]),
    ("approximate-undated", [("edit", EV, "date: c. 2025-12", "date: c. undated")], [
        "content/data/timeline.yml:14:11: 'date': 'c. undated' cannot be approximate (use 'c. ' before a plain date)",
        'build failed: 1 error(s)',
    ]),
    ("updated-not-a-day", [("edit", "site.yml", "updated: 2026-02-01", "updated: 2026-02")],
     [
        "site.yml:4:10: 'updated' must be a day (write YYYY-MM-DD)",
        'build failed: 1 error(s)',
    ]),
    ("published-impossible", [("edit", SRC, "published: 2026-01-10", "published: 2026-04-31")],
     [
        "content/data/sources.yml:6:16: 'published': '2026-04-31' is not a real day: April 2026 has 30 days (check the day of the month)",
        'build failed: 1 error(s)',
    ]),
    ("as-of-impossible", [("edit", EV, "as_of: 2026-01", "as_of: 2026-00")], [
        "content/data/timeline.yml:29:12: 'as_of': '2026-00' has no month 00 (months run from 01 to 12)",
        'build failed: 1 error(s)',
    ]),
    # -- ids and references ---------------------------------------------------------------
    ("unknown-source-yaml", [("edit", EV, "sources: [wire-a]", "sources: [wire-z]")], [
        "content/data/timeline.yml:6:15: unknown source id 'wire-z' (did you mean 'wire-a'?)",
        'build failed: 1 error(s)',
    ]),
    ("unknown-source-markdown", [("edit", BRIEF, "[@wire-a]", "[@wires]")], [
        "content/brief/what-happened.md:5:18: unknown source id 'wires' (did you mean 'wire-a'?)",
        'build failed: 1 error(s)',
    ]),
    ("duplicate-source-id", [("edit", SRC, "id: paper-b", "id: wire-a")], [
        "content/brief/what-happened.md:5:56: unknown source id 'paper-b' (expected one of: wire-a)",
        "content/data/sources.yml:8:9: duplicate id 'wire-a' among sources (it is first used at content/data/sources.yml:2:9; rename one of them)",
        "content/data/timeline.yml:11:11: unknown source id 'paper-b' (expected one of: wire-a)",
        "content/data/timeline.yml:17:15: unknown source id 'paper-b' (expected one of: wire-a)",
        "content/data/timeline.yml:24:15: unknown source id 'paper-b' (expected one of: wire-a)",
        "content/data/timeline.yml:34:19: unknown source id 'paper-b' (expected one of: wire-a)",
        "content/data/timeline.yml:51:16: unknown source id 'paper-b' (expected one of: wire-a)",
        "content/data/timeline.yml:53:19: unknown source id 'paper-b' (expected one of: wire-a)",
        'build failed: 8 error(s)',
    ]),
    ("duplicate-event-id", [("edit", EV, "id: range-event", "id: day-event")], [
        "content/data/timeline.yml:7:9: duplicate id 'day-event' among events (it is first used at content/data/timeline.yml:2:9; rename one of them)",
        'build failed: 1 error(s)',
    ]),
    ("before-unknown-event", [("edit", EV, "before: day-event", "before: dya-event")], [
        "content/data/timeline.yml:20:13: unknown event id 'dya-event' (did you mean 'day-event'?)",
        'build failed: 1 error(s)',
    ]),
    ("before-on-a-dated-event", [("edit", EV, "    date: 2026-01-10\n",
                                  "    date: 2026-01-10\n    before: range-event\n")], [
        "content/data/timeline.yml:4:13: 'before' is only for undated events (remove it: the date already places the event)",
        'build failed: 1 error(s)',
    ]),
    ("placed-beside-itself", [("edit", EV, "before: day-event", "before: undated-event")], [
        'content/data/timeline.yml:20:13: an event cannot be placed relative to itself (name another, dated event)',
        'build failed: 1 error(s)',
    ]),
    ("before-and-after", [("edit", EV, "    before: day-event\n",
                           "    before: day-event\n    after: range-event\n")], [
        "content/data/timeline.yml:21:12: give 'before' or 'after', not both (keep the one the sources support)",
        'build failed: 1 error(s)',
    ]),
    ("self-citation", [("edit", SRC, "    perspective: Business press\n",
                        "    perspective: Business press\n    notes: As we said [@paper-b].\n")],
     [
        "content/data/sources.yml:17:12: source 'paper-b' cites itself in its notes (a source cannot vouch for itself; cite another one)",
        'build failed: 1 error(s)',
    ]),
    ("circular-citation", [("edit", SRC, "    url: https://wire.example/a\n",
                            "    url: https://wire.example/a\n    notes: See [@paper-b].\n"),
                           ("edit", SRC, "    perspective: Business press\n",
                            "    perspective: Business press\n    notes: See [@wire-a].\n")],
     [
        "content/data/sources.yml:8:12: circular citation in sources' notes: wire-a -> paper-b -> wire-a (break the loop: one of them must rest on something else)",
        'build failed: 1 error(s)',
    ]),
    ("unknown-nav-page", [("edit", "site.yml", "page: sources", "page: source")], [
        "site.yml:13:11: there is no page 'source' (did you mean 'sources'?)",
        'build failed: 1 error(s)',
    ]),
    ("via-not-credited", [("edit", BRIEF, "[@paper-b via Wire]", "[@paper-b via Reuters]")],
     [
        "content/brief/what-happened.md:5:56: source 'paper-b' does not credit 'Reuters' (expected one of: Wire)",
        'build failed: 1 error(s)',
    ]),
    ("bad-citation", [("edit", BRIEF, "[@wire-a]", "[@wire-a!]")], [
        'content/brief/what-happened.md:5:18: cannot read the citation [@wire-a!] (write [@source-id] or [@source-id via OUTLET])',
        'build failed: 1 error(s)',
    ]),
    ("draft-source-cited", [("edit", SRC, "    url: https://wire.example/a\n",
                             "    url: https://wire.example/a\n    draft: true\n")], [
        "content/brief/what-happened.md:5:18: 'wire-a' is a draft source (remove 'draft: true' from the source, or build with --drafts)",
        "content/data/timeline.yml:6:15: 'wire-a' is a draft source (remove 'draft: true' from the source, or build with --drafts)",
        "content/data/timeline.yml:12:15: 'wire-a' is a draft source (remove 'draft: true' from the source, or build with --drafts)",
        "content/data/timeline.yml:32:19: 'wire-a' is a draft source (remove 'draft: true' from the source, or build with --drafts)",
        "content/data/timeline.yml:40:15: 'wire-a' is a draft source (remove 'draft: true' from the source, or build with --drafts)",
        "content/data/timeline.yml:50:19: 'wire-a' is a draft source (remove 'draft: true' from the source, or build with --drafts)",
        "content/data/timeline.yml:53:37: 'wire-a' is a draft source (remove 'draft: true' from the source, or build with --drafts)",
        'build failed: 7 error(s)',
    ]),
    # -- claims ---------------------------------------------------------------------------
    ("event-without-sources", [("edit", EV, "    status: confirmed\n    sources: [wire-a]\n",
                                "    status: confirmed\n")], [
        "content/data/timeline.yml:2:5: this event makes a claim with no source (add 'sources: [source-id]')",
        'build failed: 1 error(s)',
    ]),
    ("empty-source-list", [("edit", EV, "sources: [wire-a]", "sources: []")], [
        'content/data/timeline.yml:6:14: a claim with no source: the list is empty (name at least one source id)',
        'build failed: 1 error(s)',
    ]),
    ("position-without-sources", [("edit", EV, "        sources: [paper-b via Wire, wire-a]\n",
                                   "")], [
        "content/data/timeline.yml:51:9: this position makes a claim with no source (add 'sources: [source-id]')",
        'build failed: 1 error(s)',
    ]),
    ("fact-value-without-sources", [("edit", EV, "        sources: [wire-a]\n      - value",
                                     "      - value")], [
        "content/data/timeline.yml:31:9: this fact value makes a claim with no source (add 'sources: [source-id]')",
        'build failed: 1 error(s)',
    ]),
    ("fact-with-value-and-values", [("edit", EV, "    unit: units\n",
                                     "    unit: units\n    value: '3'\n")], [
        "content/data/timeline.yml:26:5: a fact needs either 'value' or 'values' (use 'values' with one entry per source when sources differ)",
        'build failed: 1 error(s)',
    ]),
    ("settled-without-settled-by", [("edit", EV, "status: open", "status: settled")], [
        "content/data/timeline.yml:45:13: 'settled_by' goes with status 'settled', and only with it (say how later reporting settled it, or set status: open)",
        'build failed: 1 error(s)',
    ]),
    ("one-position", [("edit", EV, DISPUTE_TWO, "      - claim: ignored\n"),
                      ("edit", EV, "      - claim: ignored\n        held_by: Paper B, relaying "
                       "Wire\n        sources: [paper-b via Wire, wire-a]\n", "")], [
        'content/data/timeline.yml:48:7: a dispute needs at least two positions (add the other side, or make this an event)',
        'build failed: 1 error(s)',
    ]),
    # -- bytes ----------------------------------------------------------------------------
    ("byte-order-mark", [("put", "content/data/x.yml", b"\xef\xbb\xbfevents: []\n")], [
        'content/data/x.yml:1:1: the file starts with a byte-order mark (save it as UTF-8 without a BOM)',
        'build failed: 1 error(s)',
    ]),
    ("latin-1", [("put", "content/data/x.yml", b"events:\n  - title: caf\xe9\n")], [
        'content/data/x.yml:2:15: the file is not valid UTF-8 (byte 0xe9) (save it as UTF-8)',
        'build failed: 1 error(s)',
    ]),
    ("binary-garbage", [("put", "content/data/x.yml", bytes(range(256)) * 4)], [
        'content/data/x.yml:1:1: the file holds binary data (a NUL byte), not text (check that it is the file you meant)',
        'build failed: 1 error(s)',
    ]),
    ("fifty-megabytes", [("put", "content/data/x.yml", b"# padding\n" * (5 * 2**20))], [
        'content/data/x.yml: the file is 50 MB, more than the 20 MB a content file may be (split it, or check that it is the file you meant)',
        'build failed: 1 error(s)',
    ]),
    # -- templates ------------------------------------------------------------------------
    ("template-syntax-error", [("put", T, "{% extends 'base.html' %}\n{% block main %}\n"
                                          "{% if %}\n{% endblock %}\n")], [
        "templates/404.html:3:1: template syntax error: Expected an expression, got 'end of statement block' (fix the template tag)",
        'build failed: 1 error(s)',
    ]),
    ("template-unknown-filter", [("put", T, "{{ site.title | shout }}\n")], [
        "templates/404.html:1:1: template syntax error: No filter named 'shout'. (fix the template tag)",
        'build failed: 1 error(s)',
    ]),
    ("template-undefined-name", [("put", T, "{{ site.no_such_thing }}\n")], [
        "templates/404.html:1:1: template error: 'briefing.model.Site object' has no attribute 'no_such_thing' (check the names the template uses)",
        'build failed: 1 error(s)',
    ]),
    ("template-missing-include", [("put", T, "{% include '_gone.html' %}\n")], [
        "templates/404.html:1:1: template '_gone.html' is missing (create it in templates/)",
        'build failed: 1 error(s)',
    ]),
    # -- moved here from the per-rule tests, so each message is asserted in one place --
    ('reference-with-empty-via', [('edit', 'content/data/timeline.yml', '[paper-b via Wire]', "['paper-b via']")], [
        "content/data/timeline.yml:24:15: 'paper-b via' is not a source reference (write 'source-id' or 'source-id via OUTLET')",
        'build failed: 1 error(s)',
    ]),
    ('undated-source-without-note', [('edit', 'content/data/sources.yml', '    date_note: the page shows no date\n', '')], [
        "content/data/sources.yml:13:16: an undated source needs a 'date_note' (say what the page shows instead, e.g. 'last updated 21 hours ago')",
        'build failed: 1 error(s)',
    ]),
    ('fact-without-value-or-values', [('edit', 'content/data/timeline.yml', '    value: "5"\n', '')], [
        "content/data/timeline.yml:36:5: a fact needs either 'value' or 'values' (use 'values' with one entry per source when sources differ)",
        'build failed: 1 error(s)',
    ]),
    ('nav-to-the-404-page', [('edit', 'site.yml', '    page: timeline', "    page: '404'")], [
        "site.yml:9:11: there is no page '404' (expected one of: contested, index, sources, timeline)",
        'build failed: 1 error(s)',
    ]),
    ('sheet-is-a-list', [('put', 'content/data/list.yml', '- a\n- b\n')], [
        "content/data/list.yml:1:1: a fact sheet must be a mapping of keys to values (write 'key: value' lines)",
        'build failed: 1 error(s)',
    ]),
    # -- relays --
    ('relays-unknown-source', [('edit', 'content/data/sources.yml', '    credits: [Wire]\n', '    credits: [Wire]\n    relays: [wire-b]\n')], [
        "content/data/sources.yml:16:14: unknown source id 'wire-b' (did you mean 'wire-a'?)",
        'build failed: 1 error(s)',
    ]),
    ('relays-itself', [('edit', 'content/data/sources.yml', '    credits: [Wire]\n', '    credits: [Wire]\n    relays: [paper-b]\n')], [
        "content/data/sources.yml:16:14: source 'paper-b' cannot relay itself (name the source whose reporting it repeats)",
        'build failed: 1 error(s)',
    ]),
    ('relays-not-a-list', [('edit', 'content/data/sources.yml', '    credits: [Wire]\n', '    credits: [Wire]\n    relays: wire-a\n')], [
        "content/data/sources.yml:16:13: 'relays' must be a list of source ids, but YAML reads 'wire-a' as text (see the content format in README.md)",
        'build failed: 1 error(s)',
    ]),
    # -- media --
    ('image-without-alt', [('put', 'content/media/x.png', PNG), ('edit', 'content/brief/what-happened.md', 'A thing happened [@wire-a]', '![](media/x.png) A thing happened [@wire-a]')], [
        'content/brief/what-happened.md:5:1: the image media/x.png has no alt text (say what it shows between the brackets: ![a map of ...](...))',
        'build failed: 1 error(s)',
    ]),
    ('image-not-there', [('put', 'content/media/map.png', PNG), ('edit', 'content/brief/what-happened.md', 'A thing happened [@wire-a]', '![a map](media/mapp.png) A thing happened [@wire-a]')], [
        "content/brief/what-happened.md:5:1: there is no image content/media/mapp.png (did you mean 'media/map.png'?)",
        'build failed: 1 error(s)',
    ]),
    ('image-from-a-host-not-allowed', [('edit', 'content/brief/what-happened.md', 'A thing happened [@wire-a]', '![a ship](https://images.example/ship.png) A thing happened [@wire-a]')], [
        'content/brief/what-happened.md:5:1: images from images.example are not allowed (add images.example to media_hosts in site.yml, or keep a copy under content/)',
        'build failed: 1 error(s)',
    ]),
    ('image-over-http', [('edit', 'site.yml', 'language: en\n', 'language: en\nmedia_hosts: [images.example]\n'), ('edit', 'content/brief/what-happened.md', 'A thing happened [@wire-a]', '![a ship](http://images.example/ship.png) A thing happened [@wire-a]')], [
        "content/brief/what-happened.md:5:1: an image address must start with https://, not 'http://images.example/ship.png' (give the https:// address, or a path under content/)",
        'build failed: 1 error(s)',
    ]),
    ('media-entry-without-alt', [('put', 'content/media/x.png', PNG), ('edit', 'content/data/timeline.yml', '    status: confirmed\n', '    status: confirmed\n    media:\n      src: media/x.png\n')], [
        "content/data/timeline.yml:7:12: the image has no alt text (add 'alt:' saying what it shows, for readers who cannot see it)",
        'build failed: 1 error(s)',
    ]),
    ('video-not-https', [('edit', 'content/data/timeline.yml', '    status: confirmed\n', '    status: confirmed\n    media:\n      kind: video\n      src: video.example/watch/1\n')], [
        "content/data/timeline.yml:8:12: a video is linked, not embedded: 'src' must be the https:// address of the page that plays it, not 'video.example/watch/1' (give the page's address)",
        'build failed: 1 error(s)',
    ]),
    ('credit-source-unknown', [('put', 'content/media/x.png', PNG), ('edit', 'content/data/timeline.yml', '    status: confirmed\n', '    status: confirmed\n    media:\n      src: media/x.png\n      alt: A thing\n      credit: A museum\n      credit_source: museum\n')], [
        "content/data/timeline.yml:10:22: unknown source id 'museum' (expected one of: paper-b, wire-a)",
        'build failed: 1 error(s)',
    ]),
    ('media-kind-unknown', [('edit', 'content/data/timeline.yml', '    status: confirmed\n', '    status: confirmed\n    media:\n      kind: podcast\n      src: https://audio.example/1\n')], [
        "content/data/timeline.yml:7:13: 'kind' cannot be 'podcast' (expected one of: audio, image, video)",
        'build failed: 1 error(s)',
    ]),
]
