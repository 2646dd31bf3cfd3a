"""The words people read: one message catalogue (gettext via Babel), Chinese first, and times
shown in Shanghai. The lowest layer: every stage may import it, it imports none of them."""

from words.badges import badge
from words.catalogue import N_, translate, translate_plural
from words.lang import DEFAULT_LANG, Lang, current_lang, resolve_lang, set_lang, speaking
from words.times import shanghai, shanghai_date, shanghai_today

__all__ = [
    "DEFAULT_LANG",
    "N_",
    "Lang",
    "badge",
    "current_lang",
    "resolve_lang",
    "set_lang",
    "shanghai",
    "shanghai_date",
    "shanghai_today",
    "speaking",
    "translate",
    "translate_plural",
]
