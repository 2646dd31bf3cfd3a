"""What the command line tells a person besides its tables, Chinese first, English second; and
the exit codes a script or cron job reads (the README lists them)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """0: all went well. 1: something is missing from the answer — a source failed, a rule
    document was read in part, no catalogue is in force. 2: bad usage or configuration — an
    unknown option, a bad setting or profile, a database nothing was recorded in yet."""

    OK = 0
    INCOMPLETE = 1
    USAGE = 2


def empty_database(where: str) -> str:
    return (
        f"数据库为空（{where}）：先运行 jifen check 或 jifen serve / the database is empty "
        f"({where}): run jifen check or jifen serve first (or set JIFEN_DATA_DIR to where they ran)"
    )


def no_changes(since: str | None) -> str:
    if since is None:
        return "没有已发布的变更 / no published changes"
    return f"自 {since} 以来没有变更 / no changes since {since}"


def fed_by(index: str) -> str:
    return f"由 {index} 提供 / fed by {index}"


def default_schedule(cron: str) -> str:
    return f"{cron}（默认 / default）"
