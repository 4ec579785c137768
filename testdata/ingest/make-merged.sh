#!/usr/bin/env bash
# Writes merged/*-flett.*: an activity log with merged cells in its data,
# by openpyxl and XlsxWriter (merged/write.py), and by LibreOffice as .xlsx
# and as its own .ods (TestMergedCells). Needs Debian's python3-openpyxl,
# python3-xlsxwriter and libreoffice-calc-nogui. The files are committed;
# run this only when write.py changes.
set -euo pipefail
cd "$(dirname "$0")/merged"
/usr/bin/python3 write.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C.UTF-8 soffice --headless --convert-to ods --outdir "$tmp" openpyxl-flett.xlsx >/dev/null
mv "$tmp/openpyxl-flett.ods" libreoffice-flett.ods
LC_ALL=C.UTF-8 soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp" libreoffice-flett.ods >/dev/null
mv "$tmp/libreoffice-flett.xlsx" libreoffice-flett.xlsx
echo "wrote merged/*-flett.*" >&2
