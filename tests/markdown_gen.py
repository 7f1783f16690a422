"""Generated Markdown pages with audience blocks at every nesting, for property-based tests.

Each page is a tree: paragraphs carrying a unique token, audience blocks, and containers
(list items, admonitions, details, content tabs, block quotes, fenced and indented code).
The tree knows which audiences should read each token, independently of Academy's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

AUDIENCES = ("customers", "partners", "staff")
EXTENSIONS = (
    "toc", "tables", "fenced_code", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
    "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist",
)  # fmt: skip
CONTAINERS = ("list", "admonition", "details", "tab", "quote")


@dataclass
class Node:
    kind: str
    """``text``, ``audience``, ``code``, ``indented`` or a container kind."""
    token: str = ""
    ids: tuple[str, ...] = ()
    exclude: bool = False
    children: list[Node] = field(default_factory=list)

    def depth(self) -> int:
        """How many audience blocks nest inside this node (itself included)."""
        inner = max((child.depth() for child in self.children), default=0)
        return inner + (1 if self.kind == "audience" else 0)


_counter = iter(range(10**9))


def _token() -> str:
    return f"tok{next(_counter)}x"


@st.composite
def nodes(draw, depth: int = 0, in_passage: bool = False, passages: bool = True) -> Node:
    """A node of a page. ``passages``: whether audience blocks may appear here. The README asks
    authors not to put one in an admonition, tab or details block that is itself inside one
    (Markdown then reads it differently when it shows the outer passage), so neither does this."""
    kinds = ["text", "text", "code"] + (["audience"] if passages else [])
    if depth < 3:
        kinds += list(CONTAINERS)
    if depth == 0:
        kinds.append("indented")
    kind = draw(st.sampled_from(kinds))
    if kind in ("text", "code", "indented"):
        return Node(kind, token=_token())
    if kind == "audience":
        ids = tuple(draw(st.lists(st.sampled_from(AUDIENCES), min_size=1, max_size=2, unique=True)))
        exclude = draw(st.booleans()) and len(ids) == 1
        children = draw(st.lists(nodes(depth + 1, True, passages), min_size=1, max_size=3))
        return Node(kind, ids=ids, exclude=exclude, children=children)
    inner = passages and not (in_passage and kind in ("admonition", "details", "tab"))
    children = draw(st.lists(nodes(depth + 1, in_passage, inner), min_size=1, max_size=3))
    return Node(kind, token=_token(), children=children)


def _as_written(children: list[Node]) -> Node:
    """A page as the README tells authors to write one: an indented code block follows text only
    (after a list or a block that ends with one, an indented line would join the list)."""
    kept = [
        child
        for index, child in enumerate(children)
        if child.kind != "indented" or index == 0 or children[index - 1].kind == "text"
    ]
    return Node("page", children=kept)


pages = st.lists(nodes(), min_size=1, max_size=4).map(_as_written)


def render(node: Node) -> str:
    """The Markdown of a page."""
    return "\n".join(_lines(node)) + "\n"


def _lines(node: Node) -> list[str]:
    if node.kind == "page":
        return _children(node.children)
    if node.kind == "text":
        return [f"Some words {node.token} and more words."]
    if node.kind == "code":
        # Code, every other time holding what looks like a marker: Markdown shows it as it is.
        if int(node.token[3:-1]) % 2:
            return ["```text", f"/// audience | staff {node.token}", "///", "```"]
        return ["```text", f"code {node.token}", "```"]
    if node.kind == "indented":
        return [f"    code line {node.token}", "    /// audience | partners", "    ///"]
    if node.kind == "audience":
        fence = "/" * (2 + node.depth())
        ids = " ".join(("!" if node.exclude else "") + audience for audience in node.ids)
        # An empty line after the opening line: an admonition right under it escapes the block in
        # pymdown-extensions, and Academy refuses such a page.
        return [f"{fence} audience | {ids}", "", *_children(node.children), fence]
    inner = _children(node.children)
    if node.kind == "quote":
        return [f"> Quote {node.token}", ">", *[f"> {line}".rstrip() for line in inner]]
    head = {
        "list": f"- Item {node.token}",
        "admonition": f'!!! note "Note {node.token}"',
        "details": f'??? note "Details {node.token}"',
        "tab": f'=== "Tab {node.token}"',
    }[node.kind]
    return [head, "", *[f"    {line}".rstrip() for line in inner]]


def _children(children: list[Node]) -> list[str]:
    lines: list[str] = []
    for child in children:
        if lines:
            lines.append("")
        lines += _lines(child)
    return lines


def expected(node: Node, audience: str, readers=frozenset(AUDIENCES)) -> set[str]:
    """The tokens ``audience`` should read: those outside any block not meant for it."""
    if node.kind == "audience":
        shown = (audience not in node.ids) if node.exclude else (audience in node.ids)
        if not shown:
            return set()
    found = {node.token} if node.token else set()
    for child in node.children:
        found |= expected(child, audience, readers)
    return found


def all_tokens(node: Node) -> set[str]:
    found = {node.token} if node.token else set()
    for child in node.children:
        found |= all_tokens(child)
    return found
