#!/usr/bin/env bash
# Writes writers/rows.json as .xlsx with other writers than excelize and
# LibreOffice — openpyxl, XlsxWriter (its default and its constant_memory
# mode), SheetJS and ExcelJS — and as CSV (Python's csv module, SheetJS,
# LibreOffice set to American English, which writes dates month first, and
# set to Norwegian, cells as shown: dates with the month named) and as
# LibreOffice's own .ods,
# so that the tests read the files real senders' programs make
# (TestOtherWriters, TestFastReaderMatchesExcelize). Needs Debian's
# python3-openpyxl, python3-xlsxwriter and libreoffice-calc-nogui, Node.js
# and npm.
# The .xlsx files are committed; run this only when rows.json or a writer
# script changes.
set -euo pipefail
cd "$(dirname "$0")/writers"
/usr/bin/python3 write.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent xlsx@0.18.5 exceljs@4.4.0 >/dev/null)
# SheetJS writes a date from its local fields: the same in any zone.
TZ=Europe/Oslo NODE_PATH="$tmp/node_modules" node write.js
# LibreOffice's CSV of the data sheet (the filter's 12th token: sheet 2),
# cells not as shown (9th token): dates in LibreOffice's own locale, which
# is American English under a C or en_US locale: 10/06/2026.
LC_ALL=C.UTF-8 soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,1033,false,true,false,false,false,2' --outdir "$tmp" xlsxwriter-aktiviteter.xlsx >/dev/null
mv "$tmp/xlsxwriter-aktiviteter-Aktiviteter.csv" libreoffice-en-aktiviteter.csv
# And set to Norwegian (1044), cells as shown (9th token), from a workbook
# whose dates show the month by name, as a long date format does:
# «6. oktober 2026», «1 234».
/usr/bin/python3 write.py --long-dates "$tmp/langdato.xlsx"
LC_ALL=C.UTF-8 soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,1044,false,true,true,false,false,2' --outdir "$tmp" "$tmp/langdato.xlsx" >/dev/null
mv "$tmp/langdato-Aktiviteter.csv" libreoffice-nb-aktiviteter.csv
# And as LibreOffice's own format, OpenDocument (.ods).
LC_ALL=C.UTF-8 soffice --headless --convert-to ods --outdir "$tmp" xlsxwriter-aktiviteter.xlsx >/dev/null
mv "$tmp/xlsxwriter-aktiviteter.ods" libreoffice-aktiviteter.ods
echo "wrote libreoffice-en-aktiviteter.csv, libreoffice-nb-aktiviteter.csv, libreoffice-aktiviteter.ods" >&2
