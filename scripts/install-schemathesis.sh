#!/usr/bin/env bash
# Installs schemathesis (PyPI) into a project-local virtualenv under .tools/schemathesis, once.
# Used by `npm run test:fuzz` (bench/support/fuzz.ts). Skipped when the pinned version is present.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/schemathesis"
version="4.32.5"
if [ -x "$venv/bin/schemathesis" ] && [ "$(cat "$venv/.version" 2>/dev/null)" = "$version" ]; then exit 0; fi
command -v python3 >/dev/null || { echo "[fuzz] python3 (3.9+) is needed for schemathesis" >&2; exit 1; }
echo "[fuzz] installing schemathesis $version into $venv (first time only)..." >&2
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >&2
echo "$version" > "$venv/.version"
