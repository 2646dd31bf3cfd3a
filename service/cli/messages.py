"""What the command line tells a person besides its tables (from the catalogue, Chinese unless
`--lang en`); and
the exit codes a script or cron job reads (the README lists them)."""

from __future__ import annotations

from enum import IntEnum

from words import translate


class ExitCode(IntEnum):
    """0: all went well. 1: something is missing from the answer — a source failed, a rule
    document was read in part, no catalogue is in force. 2: bad usage or configuration — an
    unknown option, a bad setting or profile, a database nothing was recorded in yet."""

    OK = 0
    INCOMPLETE = 1
    USAGE = 2


def empty_database(where: str) -> str:
    return translate(
        "the database is empty (%(where)s): run jifen check or jifen serve first (or set "
        "JIFEN_DATA_DIR to where they ran)",
        where=where,
    )


def no_changes(since: str | None) -> str:
    if since is None:
        return translate("no published changes")
    return translate("no changes since %(day)s", day=since)


def fed_by(index: str) -> str:
    return translate("fed by %(index)s", index=index)


def default_schedule(cron: str) -> str:
    return translate("%(cron)s (default)", cron=cron)
