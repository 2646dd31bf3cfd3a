"""The catalogue and Shanghai times for Jinja templates: `{{ _("…") }}`, `{% trans %}`,
`{{ at|shanghai }}`, `{{ at|shanghai_date }}`, `{{ status|badge }}` (a machine code's label).
The language is the template variable `lang`, else the current one."""

from __future__ import annotations

from datetime import date, datetime

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from words.badges import badge
from words.catalogue import lookup, lookup_plural
from words.lang import Lang, current_lang, parse_lang
from words.times import shanghai, shanghai_date


def lang_of(context: Context) -> Lang:
    """The `lang` a template was rendered with (a `Lang` or its value), else the current one."""
    return parse_lang(str(context.get("lang") or "")) or current_lang()


@pass_context
def _gettext(context: Context, msgid: str) -> str:
    # Jinja's newstyle wrapper fills the placeholders; the catalogue only picks the text.
    return lookup(msgid, lang_of(context))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return lookup_plural(singular, plural, count, lang_of(context))


@pass_context
def _badge_filter(context: Context, code: object) -> str:
    return badge(code, lang_of(context))


@pass_context
def _shanghai_filter(context: Context, at: datetime | None, with_zone: bool = True) -> str:
    return shanghai(at, lang_of(context), with_zone=with_zone)


def _shanghai_date_filter(at: datetime | date | None) -> str:
    return shanghai_date(at)


def install_words(env: Environment) -> Environment:
    """Add `jinja2.ext.i18n` with the catalogue's callables (newstyle: `_("%(n)s 项", n=3)`)
    and the `shanghai` / `shanghai_date` / `badge` filters to `env`; returns it."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _gettext, _ngettext, newstyle=True
    )
    env.filters["shanghai"] = _shanghai_filter
    env.filters["shanghai_date"] = _shanghai_date_filter
    env.filters["badge"] = _badge_filter
    return env
