"""The markup shape check that runs before any parser: hostile nesting and floods of elements are
refused in milliseconds, official pages pass with the depth lexbor builds, and the tricks that
would hide nesting from a tag count (end tags in scripts, stray end tags, `<div/>`) do not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from scraper.shape import (
    MAX_DEPTH,
    ShapeProblem,
    _depth_bound,
    _scan_depth,
    markup_shape,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _nested(count: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>' * count}x{f'</{tag}>' * count}</body></html>"


def test_a_hundred_thousand_nested_divs_are_refused_without_parsing() -> None:
    started = time.perf_counter()
    shape = markup_shape(_nested(100_000))
    assert shape.problem is ShapeProblem.TOO_DEEP
    assert shape.depth == MAX_DEPTH + 1  # the scan stops at the limit
    assert time.perf_counter() - started < 2  # lexbor takes 15-22 s on this page


def test_a_flood_of_flat_elements_is_refused() -> None:
    shape = markup_shape("<html><body>" + "<p>x</p>" * 200_001 + "</body></html>")
    assert shape.problem is ShapeProblem.TOO_MANY_ELEMENTS and shape.elements > 200_000


@pytest.mark.parametrize(
    "page",
    sorted(FIXTURES.rglob("*.htm*")),
    ids=lambda p: p.name,
)
def test_official_pages_pass_with_the_depth_lexbor_builds(page: Path) -> None:
    text = page.read_text(encoding="utf-8", errors="replace")
    assert markup_shape(text).problem is None
    tags = _all_tags(text)
    assert abs(_scan_depth(tags, 10**6) - _lexbor_depth(text)) <= 2


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("end tags inside scripts", "<div><script></div></script>" * 600),
        ("end tags inside comments", "<div><!--</div>-->" * 600),
        ("stray end tags", "<div><i></i></i>" * 600),
        ("self-closed divs", "<div/>" * 600),
        ("quoted brackets", '<div title="<>">' * 600),
        ("li out of reach", ("<li>" + "<span>" * 8) * 100),
        ("case-mixed end tags", "<DIV><div></DIV>" * 600),
    ],
)
def test_tricks_that_hide_nesting_from_a_count_are_seen(name: str, page: str) -> None:
    assert markup_shape(page).problem is ShapeProblem.TOO_DEEP, name


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("unclosed paragraphs", "<div>" + "<p>x" * 5000 + "</div>"),
        ("unclosed cells and rows", "<table>" + "<tr><td>a<td>b" * 5000 + "</table>"),
        ("unclosed list items", "<ul>" + "<li>x" * 5000 + "</ul>"),
        ("blocks closing paragraphs", "<p>x<div>y</div>" * 5000),
        ("self-closed svg paths", "<svg>" + "<path/>" * 5000 + "</svg>"),
        ("upper-case tags", "<TABLE>" + "<TR><TD>a</td><TD>b</TD></tr>" * 5000 + "</table>"),
        ("void elements", "<p>" + "x<br><img src=a>" * 5000 + "</p>"),
        ("tags inside a script", "<script>" + "<div>" * 5000 + "</script>"),
    ],
)
def test_flat_markup_html_closes_by_itself_is_not_deep(name: str, page: str) -> None:
    shape = markup_shape(page)
    assert shape.problem is None and shape.depth <= 3, name


_TAGS = st.lists(
    st.tuples(
        st.sampled_from(["", "/"]),
        st.sampled_from(
            ["div", "DIV", "p", "P", "li", "td", "TD", "tr", "span", "br", "BR", "svg", "i"]
        ),
        st.sampled_from(["", "/"]),
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(_TAGS)
def test_the_cheap_bound_is_never_below_the_scanned_depth(tags: list[tuple[str, str, str]]) -> None:
    """Whatever the order, nesting and case of the tags (the bound counts names as written)."""
    assert _depth_bound(tags, 10**6) >= _scan_depth(tags, 10**6)


def _all_tags(text: str) -> list[tuple[str, str, str]]:
    from scraper.shape import _TAG, _TEXT_ONLY

    return _TAG.findall(_TEXT_ONLY.sub("", text))


def _lexbor_depth(text: str) -> int:
    """The depth of the element tree lexbor builds, counting elements only, html being 1."""
    root = LexborHTMLParser(text).root
    assert root is not None
    deepest, stack = 0, [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        child = node.child
        while child is not None:
            if child.tag and not child.tag.startswith(("-", "_")):
                stack.append((child, depth + 1))
            child = child.next
    return deepest
