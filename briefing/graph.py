"""The attribution graph of the sources page: which outlets each document credits, and
which claims and dispute positions rest on each document, so a reader sees when two
positions share one wire.

Three columns, left to right: the outlets credited, the documents, the claims (dispute
positions and key figures). Nodes are ordered to cut crossings (barycentre sweeps) and
placed here as plain coordinates; templates/_attribution.html draws them. Past
GRAPH_LIMIT documents a drawing is unreadable, so the page gives a summary per outlet.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

GRAPH_LIMIT = 40
"""The most documents the graph is drawn for; past it, the page says so and summarises."""
WIDTH = 600
STEP = 22
"""Vertical room per node in the tallest column."""
OUTLET_X, DOC_X1, DOC_X2, CLAIM_X = 118, 156, 276, 306
"""Outlet labels end at OUTLET_X; documents are boxes from DOC_X1 to DOC_X2; claim
labels start after CLAIM_X."""
CHARS = {"outlet": 19, "document": 19, "claim": 48}
SWEEPS = 4


class Claim(NamedTuple):
    """A claim the graph shows: its label, its address and the documents behind it."""

    label: str
    href: str
    sources: list[str]  # source ids, in citation order


class Document(NamedTuple):
    """What the graph needs of a source."""

    id: str
    label: str
    href: str
    credits: list[str]


class GraphNode(NamedTuple):
    label: str
    short: str  # the label cut to fit its column
    x: int
    y: float


class GraphEdge(NamedTuple):
    """A curve from (x1, y1) to (x2, y2), its control points at x = cx."""

    x1: int
    y1: float
    cx: float
    x2: int
    y2: float


class DocumentRow(NamedTuple):
    label: str
    href: str
    credits: list[str]
    claims: list[tuple[str, str]]  # (label, href) of each claim resting on it


class OutletRow(NamedTuple):
    outlet: str
    documents: int  # how many documents credit it
    claims: int  # how many claims rest on those documents


class Attribution(NamedTuple):
    drawn: bool  # False past `limit` documents: only outlet_rows then
    limit: int
    width: int
    box: int  # the width of a document's box
    height: float
    outlets: list[GraphNode]
    documents: list[GraphNode]
    claims: list[GraphNode]
    edges: list[GraphEdge]
    title: str
    desc: str
    rows: list[DocumentRow]
    outlet_rows: list[OutletRow]


def cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def barycentre_order(items: list[str], neighbours: dict[str, list[str]],
                     placed: dict[str, float]) -> list[str]:
    """items sorted by the mean position of their neighbours; one without neighbours
    keeps its place, ties keep the order they had."""
    def key(pair: tuple[int, str]) -> tuple[float, int]:
        index, item = pair
        spots = [placed[n] for n in neighbours.get(item, []) if n in placed]
        mean = sum(spots) / len(spots) if spots else index / max(len(items), 1)
        return mean, index
    return [item for _, item in sorted(enumerate(items), key=key)]


def positions(order: list[str]) -> dict[str, float]:
    return {item: i / max(len(order) - 1, 1) for i, item in enumerate(order)}


def ordered(outlets: list[str], docs: list[str], claims: list[str],
            links: list[tuple[str, str]]) -> tuple[list[str], list[str], list[str]]:
    """The three columns ordered to reduce crossings; links join (outlet or claim) keys
    to document keys."""
    near: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        near[a].append(b)
        near[b].append(a)
    for _ in range(SWEEPS):
        doc_at = positions(docs)
        outlets = barycentre_order(outlets, near, doc_at)
        claims = barycentre_order(claims, near, doc_at)
        docs = barycentre_order(docs, near, positions(outlets) | positions(claims))
    return outlets, docs, claims


def column(keys: list[str], labels: dict[str, str], x: int, height: float,
           chars: int) -> dict[str, GraphNode]:
    """A column's nodes, spread evenly over the graph's height."""
    gap = height / max(len(keys), 1)
    return {key: GraphNode(labels[key], cut(labels[key], chars), x, round(10 + (i + .5) * gap, 1))
            for i, key in enumerate(keys)}


def edge(x1: int, y1: float, x2: int, y2: float) -> GraphEdge:
    return GraphEdge(x1, y1, round((x1 + x2) / 2, 1), x2, y2)


def outlet_summary(documents: list[Document], rests: dict[str, list[int]]) -> list[OutletRow]:
    """Per credited outlet: how many documents credit it, how many claims rest on them."""
    docs: dict[str, set[str]] = defaultdict(set)
    for document in documents:
        for outlet in document.credits:
            docs[outlet].add(document.id)
    return [OutletRow(outlet, len(ids), len({c for d in ids for c in rests.get(d, [])}))
            for outlet, ids in sorted(docs.items(), key=lambda kv: (-len(kv[1]),
                                                                     kv[0].casefold()))]


def attribution(documents: list[Document], claims: list[Claim]) -> Attribution:
    """The attribution graph's layout and its text equivalents."""
    rests: dict[str, list[int]] = defaultdict(list)  # document id -> claims on it
    for number, claim in enumerate(claims):
        for source in dict.fromkeys(claim.sources):
            rests[source].append(number)
    summary = outlet_summary(documents, rests)
    title = "Who rests on whom: outlets credited, documents, and the claims on them"
    if len(documents) > GRAPH_LIMIT:
        return Attribution(False, GRAPH_LIMIT, WIDTH, DOC_X2 - DOC_X1, 0, [], [], [], [],
                           title, "", [], summary)
    outlets = list(dict.fromkeys(o for d in documents for o in d.credits))
    links = [(f"o:{o}", f"d:{d.id}") for d in documents for o in dict.fromkeys(d.credits)]
    links += [(f"c:{n}", f"d:{d}") for d, numbers in rests.items() for n in numbers]
    labels = {f"o:{o}": o for o in outlets} | {f"d:{d.id}": d.label for d in documents}
    labels |= {f"c:{n}": claim.label for n, claim in enumerate(claims)}
    left, middle, right = ordered([f"o:{o}" for o in outlets],
                                  [f"d:{d.id}" for d in documents],
                                  [f"c:{n}" for n in range(len(claims))], links)
    height = STEP * max(len(left), len(middle), len(right), 1)
    nodes = (column(left, labels, OUTLET_X, height, CHARS["outlet"])
             | column(middle, labels, DOC_X1, height, CHARS["document"])
             | column(right, labels, CLAIM_X, height, CHARS["claim"]))
    edges = [edge(OUTLET_X + 6, nodes[a].y, DOC_X1, nodes[b].y) if a.startswith("o:")
             else edge(DOC_X2, nodes[b].y, CLAIM_X, nodes[a].y) for a, b in links]
    rows = [DocumentRow(d.label, d.href, d.credits,
                        [(claims[n].label, claims[n].href) for n in rests.get(d.id, [])])
            for d in documents]
    return Attribution(True, GRAPH_LIMIT, WIDTH, DOC_X2 - DOC_X1, height + 20,
                       [nodes[k] for k in left], [nodes[k] for k in middle],
                       [nodes[k] for k in right], edges, title,
                       graph_desc(documents, claims, summary), rows, summary)


def graph_desc(documents: list[Document], claims: list[Claim],
               summary: list[OutletRow]) -> str:
    """The graph in words: what the columns are, and what rests on each credited outlet."""
    words = [f"On the left the outlets the documents credit, in the middle the "
             f"{len(documents)} documents, on the right the {len(claims)} claims and "
             f"positions; lines join each document to the outlets it credits and to the "
             f"claims that rest on it."]
    words += [f"{row.outlet}: credited by {row.documents} "
              f"{'document' if row.documents == 1 else 'documents'}, behind {row.claims} "
              f"{'claim' if row.claims == 1 else 'claims'}." for row in summary]
    return " ".join(words)
