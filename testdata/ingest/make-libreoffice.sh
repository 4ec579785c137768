#!/usr/bin/env bash
# Converts the committed LibreOffice sources in this folder (*.fods) to .xlsx
# with LibreOffice itself, so that the ingest tests read files written by
# another real writer than excelize. Needs Debian's libreoffice-calc-nogui.
# The .xlsx files are committed; run this only when a .fods changes.
set -euo pipefail
cd "$(dirname "$0")"
for src in *.fods; do
  soffice --headless --calc --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir . "$src" >/dev/null
  echo "wrote ${src%.fods}.xlsx"
done
