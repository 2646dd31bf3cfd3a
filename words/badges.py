"""The words people read for the machine codes the API keeps: a source's status, a fetch's
detail, a change's class, a delivery's state. Unknown codes are shown as they are."""

from __future__ import annotations

from words.catalogue import N_, translate
from words.lang import Lang

BADGES = {
    # a source's freshness (service.http.api.schemas.SourceStatus)
    "ok": N_("ok"),
    "unchanged": N_("unchanged"),
    "failing": N_("failing"),
    "never_checked": N_("never checked"),
    # why a check could not look (scraper.robots, Outcome)
    "robots_unreachable": N_("robots.txt unreachable"),
    "robots_disallow": N_("disallowed by robots.txt"),
    "transient_error": N_("temporary error"),
    "permanent_error": N_("permanent error"),
    "blocked": N_("blocked"),
    "suspect": N_("suspect page"),
    "too_large": N_("too large"),
    "not_modified": N_("not modified"),
    "imported": N_("imported"),
    # a change's class, and a change reconstructed from an archive
    "rule": N_("rule change"),
    "wording": N_("wording change"),
    "technical": N_("technical re-read"),
    "backfill": N_("from the archive"),
    # a notification's delivery
    "pending": N_("pending"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "dead": N_("gave up"),
    "cancelled": N_("cancelled"),
    "active": N_("active"),
    "removed": N_("removed"),
}


def badge(code: object, lang: Lang | None = None) -> str:
    """The label of a code (a str or a StrEnum) for a person; an unknown code as itself."""
    text = str(getattr(code, "value", code))
    label = BADGES.get(text)
    return translate(label, lang) if label else text
