#!/usr/bin/env bash
# make-written.sh FOLDER STEM writes FOLDER/*-STEM.*: FOLDER/write.py's
# workbook by openpyxl and XlsxWriter, and LibreOffice's .ods and .xlsx of
# the openpyxl one. The folders:
#   merged flett   an activity log with merged cells in its data (TestMergedCells)
#   struck strek   an activity log with rows struck through (TestStruckRows)
# Needs Debian's python3-openpyxl, python3-xlsxwriter and
# libreoffice-calc-nogui. The files are committed; run this only when a
# write.py changes.
set -euo pipefail
folder=${1:?usage: make-written.sh FOLDER STEM} stem=${2:?usage: make-written.sh FOLDER STEM}
cd "$(dirname "$0")/$folder"
/usr/bin/python3 write.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C.UTF-8 soffice --headless --convert-to ods --outdir "$tmp" "openpyxl-$stem.xlsx" >/dev/null
mv "$tmp/openpyxl-$stem.ods" "libreoffice-$stem.ods"
LC_ALL=C.UTF-8 soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp" "libreoffice-$stem.ods" >/dev/null
mv "$tmp/libreoffice-$stem.xlsx" "libreoffice-$stem.xlsx"
echo "wrote $folder/*-$stem.*" >&2
