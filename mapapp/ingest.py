"""Ingest orchestration: files, folders and globs in; one atomic store write per article out.

A bad file never stops a batch: it is listed with a one-line reason and skipped, the rest is
committed. Problems with the store itself (locked, damaged) do stop it, since every further
article would fail the same way.
"""

from __future__ import annotations

import glob
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapapp.errors import StoreBusyError, StoreCorruptError
from mapapp.store import Store

if TYPE_CHECKING:
    from gazetteer import Gazetteer
    from mapapp.settings import Settings

ARTICLE_SUFFIXES: frozenset[str] = frozenset({".txt", ".html", ".htm"})
"""Files taken from folders; a file named explicitly is always tried."""

_GLOB_CHARS = frozenset("*?[")


def open_gazetteer(settings: Settings) -> Gazetteer:
    """The compiled gazetteer the settings name, with the online fallback only when the
    ``online_geocoder`` setting turns it on. Raises ``GazetteerError`` with one line."""
    from gazetteer import Gazetteer, OnlineGeocoder

    geocoder = None
    if settings.online_geocoder:
        geocoder = OnlineGeocoder(Path(settings.data_dir) / "geocoder-cache.sqlite",
                                  url=settings.geocoder_url, user_agent=settings.user_agent)
    return Gazetteer.open(settings.gazetteer_index, geocoder=geocoder)


@dataclass(slots=True)
class IngestSummary:
    """Counts for the summary line, plus each failed input with its reason."""

    new: int = 0
    unchanged: int = 0
    failed: int = 0
    events_added: int = 0
    events_updated: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, path: str, reason: str) -> None:
        self.failed += 1
        self.failures.append((path, reason))

    def line(self) -> str:
        return (f"articles: {self.new} new, {self.unchanged} unchanged, {self.failed} failed; "
                f"events: {self.events_added} added, {self.events_updated} updated")


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named by ``paths`` (files, folders searched recursively, globs), de-duplicated,
    plus the arguments that named nothing."""
    found: list[Path] = []
    missing: list[tuple[str, str]] = []
    for raw in paths:
        text = str(raw)
        candidates: list[Path]
        if Path(text).exists() or Path(text).is_symlink():
            candidates = [Path(text)]
        elif _GLOB_CHARS & set(text):
            candidates = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
            if not candidates:
                missing.append((text, "no file matches this pattern"))
        else:
            missing.append((text, "no such file or folder"))
            continue
        for cand in candidates:
            if cand.is_dir():
                found.extend(sorted(p for p in cand.rglob("*")
                                    if (p.is_file() or p.is_symlink()) and not p.is_dir()
                                    and p.suffix.lower() in ARTICLE_SUFFIXES
                                    and not any(part.startswith(".") for part in
                                                p.relative_to(cand).parts)))
            else:
                found.append(cand)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values()), missing


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def ingest_paths(paths: Sequence[str | Path], store: Store, gazetteer: Any,
                 settings: Settings, progress: Callable[[Path], None] | None = None
                 ) -> IngestSummary:
    """Read, extract and save every article under ``paths``; see the module docstring."""
    from mapapp.articles import read_article
    from mapapp.extract import extract_events

    files, missing = expand_paths(paths)
    summary = IngestSummary()
    for text, reason in missing:
        summary.fail(text, reason)
    max_bytes = int(settings.max_article_bytes)
    for path in files:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):  # a FIFO or /dev/zero would never end
                summary.fail(str(path), "not a regular file")
                continue
            size = info.st_size
            if size > max_bytes:
                summary.fail(str(path), f"file is {size:,} bytes, over the "
                                        f"{max_bytes:,}-byte limit (max_article_bytes)")
                continue
            article = read_article(path, name=path.name, max_bytes=max_bytes)
            if store.has_article(article.article_id):
                summary.unchanged += 1
                continue
            events = extract_events(article, gazetteer)
            result = store.save_article(article, events)
        except (StoreBusyError, StoreCorruptError):
            raise
        except OSError as exc:
            summary.fail(str(path), f"cannot read: {exc.strerror or _one_line(exc)}")
        except Exception as exc:  # one bad article must not stop the batch
            summary.fail(str(path), _one_line(exc))
        else:
            if result.article_new:
                summary.new += 1
            else:  # another process saved it between our check and our write
                summary.unchanged += 1
            summary.events_added += result.added
            summary.events_updated += result.updated
        finally:
            if progress is not None:
                progress(path)
    return summary
