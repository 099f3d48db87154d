#!/usr/bin/env bash
# Render the first page of every exported PDF of the demo into docs/screenshots/export/ (60 dpi),
# to look at them as a clerk would before printing. Needs poppler-utils (bootstrap.sh --test).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
.venv/bin/hbaccept export resources/samples/baoding-2024.hbaccept --out "$work" --format pdf >/dev/null
folder=$(find "$work" -mindepth 1 -maxdepth 1 -type d)
out=docs/screenshots/export
mkdir -p "$out"
for n in 1 2 3 4 5; do
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$folder"/附件"$n"_*.pdf "$out/annex$n"
done
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$folder"/关于*全国智慧图书馆*.pdf "$out/report-library"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$folder"/关于*公共文化云*.pdf "$out/report-cloud"
rm -rf "$work"
ls "$out"
