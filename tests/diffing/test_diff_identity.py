"""Row identities read a whole catalogue at once exactly as they read each row alone: the content
hash of every stored version depends on it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from diffing.keys import trade_identities, trade_identity
from scraper.records import Trade

# Plain pieces (their own normal form) and every kind of piece normalising touches.
PLAIN = st.sampled_from(["电工", "焊工", "车工", "A", "1", "-", "(", ")", '"', "\\", ""])
NOISY = st.sampled_from(["/", "／", " ", "\u3000", "*", "①", "\x00", "Ａ", "é", "\n", "\u200b"])


def _texts(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(pieces, max_size=4).map("".join)


def _trades(pieces: st.SearchStrategy[str], *, aliases: bool) -> st.SearchStrategy[list[Trade]]:
    text = _texts(pieces)
    trade = st.builds(
        Trade,
        name=text,
        aliases=st.lists(text, max_size=2).map(tuple) if aliases else st.just(()),
        code=st.none() | text,
        number=st.none(),
        attributes=st.lists(st.tuples(text, text), max_size=3).map(tuple),
    )
    return st.lists(trade, max_size=8)


@given(_trades(PLAIN, aliases=False))
def test_a_plain_catalogue_reads_as_its_rows_do(trades: list[Trade]) -> None:
    assert trade_identities(trades) == [trade_identity(t) for t in trades]


@given(_trades(PLAIN | NOISY, aliases=True))
def test_any_catalogue_reads_as_its_rows_do(trades: list[Trade]) -> None:
    assert trade_identities(trades) == [trade_identity(t) for t in trades]
