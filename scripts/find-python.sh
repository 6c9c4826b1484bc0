#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter (hazm 0.12 needs it), or fail with a hint.
# Order: $PYTHON, python3.13/python3.12 on PATH, pyenv versions under ~/.pyenv, then python3.
set -euo pipefail
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
cands=()
[ -n "${PYTHON:-}" ] && cands+=("$PYTHON")
for v in python3.12 python3.13; do command -v "$v" >/dev/null 2>&1 && cands+=("$(command -v "$v")"); done
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv; do
  [ -n "$root" ] && [ -d "$root/versions" ] || continue
  for p in $({ ls -d "$root"/versions/3.12* 2>/dev/null | sort -rV; ls -d "$root"/versions/3.1[3-9]* 2>/dev/null | sort -rV; }); do cands+=("$p/bin/python"); done
done
command -v python3 >/dev/null 2>&1 && cands+=("$(command -v python3)")
for c in "${cands[@]}"; do
  if [ -x "$c" ] && ok "$c"; then echo "$c"; exit 0; fi
done
echo "error: no Python >= 3.12 found (hazm 0.12 needs it). Install one (e.g. pyenv install 3.12) or set PYTHON=/path/to/python3.12" >&2
exit 1
