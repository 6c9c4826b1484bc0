"""Run relgraph's benchmarks: every module of this package that has ``main(argv: list[str]) -> int``.

Usage::

    python -m bench                 # every benchmark, each with its default arguments
    python -m bench --list          # names only
    python -m bench NAME [ARGS...]  # one benchmark (NAME or NAME_bench), ARGS passed to its main()

Generic on purpose: a new ``bench/<name>.py`` with a ``main`` is picked up without editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import bench


def discover() -> dict[str, str]:
    """Benchmark name → module name, for every module of the package (main() is checked on import)."""
    names = {}
    for info in pkgutil.iter_modules(bench.__path__):
        if not info.name.startswith("_"):
            names[info.name.removesuffix("_bench")] = f"bench.{info.name}"
    return dict(sorted(names.items()))


def _entry(module: str) -> Callable[[list[str]], int] | None:
    fn = getattr(importlib.import_module(module), "main", None)
    return fn if callable(fn) else None


def _run(name: str, module: str, argv: list[str]) -> int:
    fn = _entry(module)
    if fn is None:
        print(f"bench: {module} has no main(); skipped", file=sys.stderr)
        return 0
    print(f"== {name} ({module}) ==", flush=True)
    t0 = time.perf_counter()
    try:
        rc = fn(argv) or 0
    except SystemExit as e:  # argparse inside a benchmark
        rc = e.code if isinstance(e.code, int) else 1
    print(f"== {name}: exit {rc} in {time.perf_counter() - t0:.1f} s ==", flush=True)
    return int(rc)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    found = discover()
    if argv[:1] == ["--list"]:
        print("\n".join(found))
        return 0
    if argv and not argv[0].startswith("-"):
        name = argv[0].removesuffix(".py").removesuffix("_bench")
        if name not in found:
            print(f"bench: no benchmark {argv[0]!r} in {Path(bench.__file__).parent}; "
                  f"known: {', '.join(found)}", file=sys.stderr)
            return 2
        return _run(name, found[name], argv[1:])
    failed = [name for name, module in found.items() if _run(name, module, list(argv)) != 0]
    if failed:
        print(f"bench: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
