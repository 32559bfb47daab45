"""The Markdown subset of posts: bold, italic, lists, links, quotes, inline code.

Rendered with markdown-it-py with raw HTML disabled, then sanitised with nh3
(the maintained binding of the Rust ``ammonia`` sanitiser) against an
allow-list, so no HTML a person typed reaches the page.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "blockquote", "br", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

# CommonMark with raw HTML off, and only the block and inline rules of the subset.
_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    .disable(["image", "heading", "lheading", "code", "fence", "hr", "table", "html_block", "html_inline"],
             ignoreInvalid=True)
)


def render(source):
    """The sanitised HTML of the Markdown ``source`` (a str). Never raises for any text."""
    html = _parser.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    ).strip()


def excerpt(source, length=140):
    """A plain-text excerpt of ``source`` for lists and the moderation log."""
    text = " ".join((source or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
