"""Reading markdown notes into sections: each heading with its paragraphs, bullets and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_SPACES = re.compile(r"\s+")


@dataclass
class Item:
    """One bullet (or numbered item) with the items nested under it."""

    text: str
    children: list[Item] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    """A heading and what stands under it up to the next heading."""

    title: str
    level: int
    line: int
    paragraphs: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    """Blocks the importer cannot read as facts (code blocks, quotes, html), for the summary."""

    @property
    def has_content(self) -> bool:
        return bool(self.paragraphs or self.items or self.tables)

    def subtree_has_content(self) -> bool:
        return self.has_content or any(c.subtree_has_content() for c in self.children)


@dataclass
class Document:
    """The sections in reading order (a tree by heading level) and the text before any heading."""

    sections: list[Section]
    preamble: list[str]

    def walk(self) -> list[Section]:
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.children))
        return out


def parse_notes(text: str) -> Document:
    """Parse markdown (CommonMark plus tables) into a tree of sections."""
    parser = MarkdownIt("commonmark").enable("table")
    root = SyntaxTreeNode(parser.parse(text))
    roots: list[Section] = []
    stack: list[Section] = []
    preamble: list[str] = []
    for node in root.children:
        if node.type == "heading":
            section = Section(inline_text(node), int(node.tag[1:]), _line(node))
            while stack and stack[-1].level >= section.level:
                stack.pop()
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
        elif stack:
            _add_block(stack[-1], node)
        else:
            preamble.extend(_block_text(node))
    return Document(roots, [p for p in preamble if p])


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 0


def _add_block(section: Section, node: SyntaxTreeNode) -> None:
    if node.type == "paragraph":
        text = inline_text(node)
        if text:
            section.paragraphs.append(text)
    elif node.type in ("bullet_list", "ordered_list"):
        section.items.extend(_items(node))
    elif node.type == "table":
        section.tables.append(_table(node))
    elif node.type != "hr":
        section.other.extend(t for t in _block_text(node) if t)


def _items(list_node: SyntaxTreeNode) -> list[Item]:
    items = []
    for li in list_node.children:
        texts, children = [], []
        for block in li.children:
            if block.type in ("bullet_list", "ordered_list"):
                children.extend(_items(block))
            elif block.type == "paragraph":
                texts.append(inline_text(block))
        text = " ".join(t for t in texts if t)
        if text or children:
            items.append(Item(text, children))
    return items


def _table(node: SyntaxTreeNode) -> Table:
    rows = []
    for part in node.children:  # thead, tbody
        for tr in part.children:
            rows.append([inline_text(cell) for cell in tr.children])
    return Table(rows[0] if rows else [], rows[1:])


def inline_text(node: SyntaxTreeNode) -> str:
    """The plain text of a block: emphasis and links dropped to their words, code spans kept."""
    parts: list[str] = []
    for child in node.children:
        if child.type == "inline":
            parts.append(_inline(child))
        else:
            parts.append(_inline(child))
    return _SPACES.sub(" ", "".join(parts)).strip()


def _inline(node: SyntaxTreeNode) -> str:
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type == "image":
        return str(node.attrs.get("alt", "")) or "".join(_inline(c) for c in node.children)
    if node.type in ("html_inline",):
        return ""
    return "".join(_inline(c) for c in node.children)


def _block_text(node: SyntaxTreeNode) -> list[str]:
    if node.type in ("fence", "code_block", "html_block"):
        first = node.content.strip().splitlines()
        return [first[0][:80]] if first else []
    if node.type == "paragraph":
        return [inline_text(node)]
    if node.type in ("bullet_list", "ordered_list"):
        return [i.text for i in _items(node)]
    return [inline_text(c) for c in node.children if c.type == "paragraph"]
