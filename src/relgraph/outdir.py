"""Write an output folder all at once, or not at all.

Why this module exists: ``relgraph build -o out`` writes many files (ttl, trig, jsonld, facts, report,
HTML). A crash or Ctrl-C halfway must not leave a mix of old and new files, and a mistyped ``-o``
(``-o ~``) must never delete someone's folder. So every output is written into a temporary folder
beside ``out`` and swapped in by renames only when the whole block succeeded, and an existing
``out`` is replaced only when it is empty or carries relgraph's marker file.

The swap is two renames (old → backup, new → out) on the same file system, then the backup is removed;
between the renames ``out`` is briefly absent, never half-written. If the second rename fails the
backup is put back.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from relgraph import __version__
from relgraph.errors import InputError

__all__ = ["MARKER", "is_output_folder", "staged_output"]

MARKER = ".relgraph-output"


def is_output_folder(path: Path) -> bool:
    """True when ``path`` is a folder relgraph wrote (it holds the marker file)."""
    return (path / MARKER).is_file()


def _check_target(out: Path) -> None:
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
            raise InputError(f"{out}: refusing to replace this folder: it is not empty and was not written by "
                             f"relgraph (no {MARKER} file in it); choose a new or empty output folder with -o")


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staged_output(out: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder; on success it atomically becomes ``out``, on failure it vanishes.

    Raises InputError before anything is written when ``out`` exists and is neither empty nor a relgraph
    output folder. The marker file is written into the new folder first, so every output carries it.
    """
    out = Path(out).absolute()
    _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; give it a normal folder's permissions
        (tmp / MARKER).write_text(json.dumps({"tool": "relgraph", "version": __version__}) + "\n", encoding="utf-8")
        yield tmp
        _check_target(out)  # it may have changed while the block ran
        if out.exists():
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
