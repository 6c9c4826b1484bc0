"""Write an output folder all at once, or not at all.

Why this module exists: ``relgraph build -o out`` writes many files (ttl, trig, jsonld, facts, report,
HTML). A crash or Ctrl-C halfway must not leave a mix of old and new files, and a mistyped ``-o``
(``-o ~``) must never delete someone's folder. So every output is written into a temporary folder
beside ``out`` and swapped in by renames only when the whole block succeeded, and an existing
``out`` is replaced only when it is empty or carries relgraph's marker file.

A folder that holds other things (``-o results`` where a log file already sits) is not replaced but
*shared*: when the caller declares the names it writes, and none of them is taken by a file relgraph
did not write, the new files are moved in one by one after the block succeeded and everything else
is left alone. The marker then lists the files relgraph owns there (``"shared": true``), so the next
build replaces exactly those. Each file is swapped atomically; the set as a whole is not.

The swap is two renames (old → backup, new → out) on the same file system, then the backup is removed;
between the renames ``out`` is briefly absent, never half-written. If the second rename fails the
backup is put back.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from relgraph import __version__
from relgraph.errors import InputError

__all__ = ["MARKER", "is_output_folder", "staged_output"]

MARKER = ".relgraph-output"


def _marker(path: Path) -> dict | None:
    try:
        data = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {} if (path / MARKER).is_file() else None
    return data if isinstance(data, dict) else {}


def is_output_folder(path: Path) -> bool:
    """True when ``path`` is a folder relgraph wrote as a whole (its marker does not say it is shared)."""
    marker = _marker(path)
    return marker is not None and not marker.get("shared")


def _shared_plan(out: Path, names: frozenset[str] | None) -> frozenset[str] | None:
    """For a non-empty folder relgraph does not own: the names relgraph owns there (to replace or
    remove), when it may share the folder; None when it must refuse."""
    if names is None:
        return None
    marker = _marker(out) or {}
    owned = frozenset(marker.get("files", [])) if marker.get("shared") else frozenset()
    foreign = {p.name for p in out.iterdir()} - owned - {MARKER}
    return owned if not (foreign & names) else None


def _check_target(out: Path, names: frozenset[str] | None = None) -> frozenset[str] | None:
    """Refuse unusable targets; return the owned names when ``out`` is to be shared, else None."""
    if out.is_symlink():
        raise InputError(f"{out}: is a symbolic link; give the real output folder with -o (links are not replaced)")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder; choose another output folder with -o")
    if out.is_dir() and not is_output_folder(out):
        try:
            empty = not any(out.iterdir())
        except OSError as exc:
            raise InputError(f"{out}: cannot be listed ({exc.strerror}); choose another output folder with -o") from exc
        if not empty:
            owned = _shared_plan(out, names)
            if owned is None:
                raise InputError(f"{out}: refusing to replace this folder: it is not empty and was not written by "
                                 f"relgraph (no {MARKER} file in it), and files in it have the names relgraph "
                                 f"writes; choose a new or empty output folder with -o")
            return owned
    return None


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staged_output(out: Path, names: Iterable[str] | None = None) -> Iterator[Path]:
    """Yield a fresh temporary folder; on success it atomically becomes ``out``, on failure it vanishes.

    ``names``: the files and folders the block will write. With them, a non-empty folder relgraph does
    not own is shared (see the module docstring) instead of refused. Raises InputError before anything
    is written when ``out`` can be neither replaced nor shared. The marker file is written into the new
    folder first, so every output carries it.
    """
    out = Path(out).absolute()
    declared = frozenset(names) if names is not None else None
    _check_target(out, declared)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; give it a normal folder's permissions
        (tmp / MARKER).write_text(json.dumps({"tool": "relgraph", "version": __version__}) + "\n", encoding="utf-8")
        yield tmp
        owned = _check_target(out, declared)  # it may have changed while the block ran
        if owned is not None:
            _share(tmp, out, owned, declared or frozenset())
            _remove(tmp)
        elif out.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, backup / "out")
            try:
                os.rename(tmp, out)
            except BaseException:
                os.rename(backup / "out", out)
                raise
            _remove(backup)
        else:
            os.rename(tmp, out)
    except BaseException:
        _remove(tmp)
        raise


def _share(tmp: Path, out: Path, owned: frozenset[str], declared: frozenset[str]) -> None:
    """Move the new outputs into a folder relgraph shares, leaving every other entry alone."""
    written = sorted(p.name for p in tmp.iterdir() if p.name != MARKER)
    stray = set(written) - declared
    if stray:
        raise InputError(f"{out}: the build wrote {sorted(stray)}, which it did not declare; nothing was moved")
    for name in written:
        target = out / name
        if target.is_dir() and not target.is_symlink():
            _remove(target)  # an owned folder (e.g. a stale store/) is replaced whole
        os.replace(tmp / name, target)
    for name in owned - set(written):
        _remove(out / name)  # owned outputs the new build no longer writes (e.g. an old SHACL report)
    marker = {"tool": "relgraph", "version": __version__, "shared": True, "files": written}
    (out / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
