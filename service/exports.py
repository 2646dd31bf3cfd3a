"""The rule tables as files: rules.json, rules.csv, parameters.csv (when annual parameters are in
force) and one CSV per catalogue, as in force on a day.

`write_tables` writes them all (`jifen export`). `export_changed` is what runs after every check
and import: it writes only what changed since its last export into the same directory, and
reads only the versions that changed. At 1,000 catalogue pages a full export took 7.1 s of an
8.1 s unchanged `jifen check`. What it wrote from is kept beside the files (`.export-state.json`,
and each catalogue's piece of rules.json in `.pieces/`); without them it writes everything.
tests/service/test_exports.py holds the two to byte-identical files.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scoring.export import catalogue_to_csv, parameters_to_csv, rules_to_csv
from scoring.json_text import catalogue_piece, rules_json, rules_json_parts
from scoring.records import RuleTable
from scoring.tables import build_rule_table
from scraper.records import Source
from service.present.rules import chosen_keys, versions_in_use
from store.in_force import VersionKey
from store.records import StoredVersion
from store.store import Store

STATE = ".export-state.json"
PIECES = ".pieces"
READ_BATCH = 100  # versions read at once: their documents are the export's memory
_FORMAT = 1  # raise it when what a piece or a file holds changes: every file is written again


def write_file(path: Path, text: str) -> None:
    write_parts(path, [text])


def write_parts(path: Path, parts: Iterable[str]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as file:
        file.writelines(parts)
    tmp.replace(path)  # readers never see a half-written table


def write_tables(store: Store, sources: Sequence[Source], out: Path, day: date) -> list[Path]:
    """Every table as in force on `day`; returns the files written."""
    table = build_rule_table(versions_in_use(store, sources, day), day)
    out.mkdir(parents=True, exist_ok=True)
    files = {out / "rules.json": rules_json(table, map(catalogue_piece, table.catalogues))}
    files.update(_rule_files(out, table))
    for catalogue in table.catalogues:
        files[out / f"catalogue-{catalogue.source_id}.csv"] = catalogue_to_csv(catalogue)
    for path, text in files.items():
        write_file(path, text)
    return sorted(files)


def _rule_files(out: Path, table: RuleTable) -> dict[Path, str]:
    files = {out / "rules.csv": rules_to_csv(table)}
    if table.parameters:
        files[out / "parameters.csv"] = parameters_to_csv(table)
    return files


@dataclass(frozen=True, slots=True)
class Exported:
    """What one source's files were written from: its version, and what that version holds."""

    token: str
    has_catalogue: bool
    has_rules: bool  # point rules or annual parameters: a part of rules.json and rules.csv


@dataclass(frozen=True, slots=True)
class ExportState:
    as_of: str | None
    sources: Mapping[str, Exported]

    @property
    def catalogues(self) -> list[str]:
        return sorted(sid for sid, e in self.sources.items() if e.has_catalogue)

    @property
    def rules(self) -> dict[str, str]:
        return {sid: e.token for sid, e in sorted(self.sources.items()) if e.has_rules}


def export_changed(store: Store, sources: Sequence[Source], out: Path, day: date) -> list[Path]:
    """The files `write_tables(store, sources, out, day)` writes, each written only when its
    content changed since the last export into `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    with _exporting(out):
        keys = chosen_keys(store, sources, day)
        before = _read_state(out)
        stale = [k for sid, k in keys.items() if not _is_fresh(out, before.sources.get(sid), k)]
        written, exported = _write_catalogues(store, out, stale)
        kept = {sid: e for sid, e in before.sources.items() if sid in keys}
        now = ExportState(as_of=day.isoformat(), sources={**kept, **exported})
        if written or now != before or not _rule_files_kept(out):
            ids = [keys[sid].id for sid in now.rules]  # few, whatever the number of catalogues
            rule_versions = store.stored_versions(ids)
            table = build_rule_table([rule_versions[i] for i in ids if i in rule_versions], day)
            written.append(_write_rules_json(out, table, now.catalogues))
            written.extend(_write_rule_files(out, table))
        _forget_pieces(out, now.catalogues)
        _write_state(out, now)
    return sorted(written)


def _rule_files_kept(out: Path) -> bool:
    return (out / "rules.json").exists() and (out / "rules.csv").exists()


def _is_fresh(out: Path, entry: Exported | None, key: VersionKey) -> bool:
    if entry is None or entry.token != key.token:
        return False
    sid = key.source_id
    return not entry.has_catalogue or (_piece(out, sid).exists() and _csv(out, sid).exists())


def _exported(key: VersionKey, version: StoredVersion) -> Exported:
    document = version.document
    return Exported(
        token=key.token,
        has_catalogue=document.catalogue is not None,
        has_rules=document.points is not None or bool(document.parameters),
    )


def _write_catalogues(
    store: Store, out: Path, stale: Sequence[VersionKey]
) -> tuple[list[Path], dict[str, Exported]]:
    """The catalogue CSV and piece of rules.json of each of these versions, read a batch at a
    time so that a first export never holds every document; the CSVs written, and what each
    source's files now come from."""
    (out / PIECES).mkdir(exist_ok=True)
    written: list[Path] = []
    exported: dict[str, Exported] = {}
    for start in range(0, len(stale), READ_BATCH):
        batch = {k.id: k for k in stale[start : start + READ_BATCH]}
        for version in store.stored_versions(batch).values():
            exported[version.source_id] = _exported(batch[version.id], version)
            for catalogue in build_rule_table([version], version.in_force_on).catalogues:
                sid = catalogue.source_id
                write_file(_piece(out, sid), catalogue_piece(catalogue))
                write_file(_csv(out, sid), catalogue_to_csv(catalogue))
                written.append(_csv(out, sid))
    return written, exported


def _write_rules_json(out: Path, table: RuleTable, catalogues: Sequence[str]) -> Path:
    pieces = (_piece(out, sid).read_text(encoding="utf-8") for sid in catalogues)
    write_parts(out / "rules.json", rules_json_parts(table, pieces))
    return out / "rules.json"


def _write_rule_files(out: Path, table: RuleTable) -> list[Path]:
    """rules.csv and parameters.csv, each only when its text changed: they are small."""
    written = []
    for path, text in _rule_files(out, table).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_file(path, text)
            written.append(path)
    return written


def _forget_pieces(out: Path, catalogues: Sequence[str]) -> None:
    listed = {f"{sid}.json" for sid in catalogues}
    for piece in (out / PIECES).iterdir():
        if piece.name not in listed:
            piece.unlink()


def _piece(out: Path, source_id: str) -> Path:
    return out / PIECES / f"{source_id}.json"


def _csv(out: Path, source_id: str) -> Path:
    return out / f"catalogue-{source_id}.csv"


def _read_state(out: Path) -> ExportState:
    """What the last export here wrote from; nothing (everything is written) when it is
    missing, unreadable or of another format."""
    try:
        data = json.loads((out / STATE).read_text(encoding="utf-8"))
        if data["format"] != _FORMAT:
            raise ValueError(data["format"])
        sources = {sid: Exported(*entry) for sid, entry in data["sources"].items()}
        return ExportState(as_of=str(data["as_of"]), sources=sources)
    except (OSError, ValueError, KeyError, TypeError):
        return ExportState(as_of=None, sources={})


def _write_state(out: Path, state: ExportState) -> None:
    sources = {
        sid: [e.token, e.has_catalogue, e.has_rules] for sid, e in sorted(state.sources.items())
    }
    data = {"format": _FORMAT, "as_of": state.as_of, "sources": sources}
    write_file(out / STATE, json.dumps(data, ensure_ascii=False))


@contextlib.contextmanager
def _exporting(out: Path) -> Iterator[None]:
    """One export at a time into `out` (`jifen serve` and a `jifen check` may share it), so
    the state always names what the files were written from."""
    with (out / ".export.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
