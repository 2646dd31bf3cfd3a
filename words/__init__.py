"""The words people read: one message catalogue (gettext via Babel), Chinese first, and times
shown in Shanghai. The lowest layer: every stage may import it, it imports none of them."""

from words.catalogue import N_, translate, translate_plural
from words.lang import DEFAULT_LANG, Lang, resolve_lang
from words.times import shanghai, shanghai_date

__all__ = [
    "DEFAULT_LANG",
    "N_",
    "Lang",
    "resolve_lang",
    "shanghai",
    "shanghai_date",
    "translate",
    "translate_plural",
]
