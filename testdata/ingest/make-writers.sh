#!/usr/bin/env bash
# Writes writers/rows.json as .xlsx with other writers than excelize and
# LibreOffice — openpyxl, XlsxWriter (its default and its constant_memory
# mode), SheetJS and ExcelJS — so that the tests read the files real
# senders' scripts make (TestOtherWriters, TestFastReaderMatchesExcelize).
# Needs Debian's python3-openpyxl and python3-xlsxwriter, Node.js and npm.
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
