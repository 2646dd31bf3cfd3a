"""What one change event says in a feed entry: title, HTML content, categories."""

from __future__ import annotations

from html import escape

from diffing.records import ChangeEvent, ChangeItem
from feeds.sanitise import clean_html, plain_text, safe_url
from words import translate

BACKFILL_CATEGORY = "backfill"
# A feed reader's line: the detail of a change is in the entry's summary and content.
MAX_ENTRY_TITLE_CHARS = 80


def entry_title(event: ChangeEvent) -> str:
    """The event's title, marked when the change was reconstructed from an archive, at most
    MAX_ENTRY_TITLE_CHARS long (titles stored before headlines were short are cut)."""
    title = plain_text(event.title).strip() or translate(
        "%(source)s: change", source=plain_text(event.source_name)
    )
    if event.is_backfill:
        title = translate("[from the archive] %(title)s", title=title)
    if len(title) > MAX_ENTRY_TITLE_CHARS:
        title = title[: MAX_ENTRY_TITLE_CHARS - 1] + "…"
    return title


def entry_categories(event: ChangeEvent) -> tuple[str, ...]:
    categories = [event.classification.value, plain_text(event.source_id)]
    if event.is_backfill:
        categories.append(BACKFILL_CATEGORY)
    return tuple(c for c in categories if c.strip())


def entry_html(event: ChangeEvent, evidence_link: str) -> str:
    """A short sanitised HTML list of the items (old → new) with links to the evidence."""
    parts = [f"<p>{_text(event.source_name)}{_document_words(event)}</p>"]
    if event.items:
        parts.append("<ul>" + "".join(_item_html(item) for item in event.items) + "</ul>")
    links = []
    evidence = safe_url(evidence_link)
    if evidence:
        words = _text(translate("evidence"))
        links.append(f'<a href="{escape(evidence)}">{words}</a>')
    page = safe_url(event.url)
    if page:
        words = _text(translate("official page"))
        links.append(f'<a href="{escape(page)}">{words}</a>')
    if links:
        parts.append("<p>" + " · ".join(links) + "</p>")
    return clean_html("".join(parts))


def entry_summary(event: ChangeEvent) -> str:
    """Plain-text summary: the stored one, else one line per item."""
    summary = plain_text(event.summary).strip()
    return summary or "\n".join(plain_text(item.detail or item.subject) for item in event.items)


def _document_words(event: ChangeEvent) -> str:
    words = []
    if event.doc_number:
        words.append(_text(event.doc_number))
    if event.published_on:
        words.append(translate("published %(day)s", day=event.published_on.isoformat()))
    return translate(" (%(words)s)", words=translate(", ").join(words)) if words else ""


def _item_html(item: ChangeItem) -> str:
    subject = f"<b>{_text(item.subject)}</b>"
    if item.old is not None or item.new is not None:
        change = f"{_text(item.old or '—')} → {_text(item.new or '—')}"
        line = f"{subject}: {change}"
    else:
        line = subject
    if item.detail:
        line += f" <span>{_text(item.detail)}</span>"
    if item.impact:
        line += f" <em>{_text(item.impact)}</em>"
    return f"<li>{line}</li>"


def _text(value: str) -> str:
    return escape(plain_text(value), quote=True)
