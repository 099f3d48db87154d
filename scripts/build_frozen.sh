#!/usr/bin/env bash
# Build the one-folder app from build_exe.spec into dist/hbaccept/ (needs `bootstrap.sh --build`)
# and print its size; with --selftest, then run the built program's `--selftest` headless, so a
# resource or library the spec misses fails here (CI runs this) and not on a clerk's PC.
# On Windows the same spec is built by hand: see README, "Windows".
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN build_exe.spec
echo "Built dist/hbaccept in $((SECONDS - started)) s: $(du -sh dist/hbaccept | cut -f1)," \
     "$(find dist/hbaccept -type f | wc -l) files"

if [ "${1:-}" = "--selftest" ]; then
  home=$(mktemp -d)
  trap 'rm -rf "$home"' EXIT
  QT_QPA_PLATFORM=offscreen HBACCEPT_HOME="$home" dist/hbaccept/hbaccept --selftest
fi
