"""Writes rows.json as .xlsx with openpyxl and with XlsxWriter (its default
shared strings, and its constant_memory mode's inline strings), and as CSV
with Python's csv module. Run by
../make-writers.sh with Debian's python3-openpyxl and python3-xlsxwriter."""
import csv
import datetime
import json
import sys

import openpyxl
import xlsxwriter

spec = json.load(open("rows.json", encoding="utf-8"))


def date_of(s):
    return datetime.datetime.fromisoformat(s)


def with_openpyxl(path):
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = spec["guide"][0]
    for line in spec["guide"][1:]:
        guide.append([line])
    ws = wb.create_sheet(spec["sheet"])
    ws.append([spec["title"]])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(spec["header"]))
    ws.append([])
    ws.append(spec["header"])
    for r, row in enumerate(spec["rows"], start=4):
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(v, dict) and "date" in v:
                cell.value = date_of(v["date"])
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(v, dict) and "rich" in v:
                cell.value = "".join(v["rich"])  # openpyxl 3.0 writes no rich text
            elif isinstance(v, dict):
                cell.value = "=" + v["formula"]  # openpyxl keeps no cached value
            elif v is not None:
                cell.value = v
    hidden = wb.create_sheet(spec["hidden"][0])
    for v in spec["hidden"][1:]:
        hidden.append([v])
    hidden.sheet_state = "hidden"
    wb.save(path)


def with_xlsxwriter(path, constant_memory, date_format="dd.mm.yyyy"):
    wb = xlsxwriter.Workbook(path, {"constant_memory": constant_memory})
    datefmt = wb.add_format({"num_format": date_format})
    bold = wb.add_format({"bold": True})
    guide = wb.add_worksheet(spec["guide"][0])
    for i, line in enumerate(spec["guide"][1:]):
        guide.write_string(i, 0, line)
    ws = wb.add_worksheet(spec["sheet"])
    # constant_memory writes row by row: the merge comes first, as a
    # range with its text.
    ws.merge_range(0, 0, 0, len(spec["header"]) - 1, spec["title"])
    for c, h in enumerate(spec["header"]):
        ws.write_string(2, c, h)
    for r, row in enumerate(spec["rows"], start=3):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dict) and "date" in v:
                ws.write_datetime(r, c, date_of(v["date"]), datefmt)
            elif isinstance(v, dict) and "rich" in v:
                ws.write_rich_string(r, c, bold, v["rich"][0], v["rich"][1])
            elif isinstance(v, dict):
                ws.write_formula(r, c, "=" + v["formula"], None, v["value"])
            elif isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write_number(r, c, v)
    hidden = wb.add_worksheet(spec["hidden"][0])
    for i, v in enumerate(spec["hidden"][1:]):
        hidden.write_string(i, 0, v)
    hidden.hide()
    wb.close()


def with_csv(path, delimiter=";"):
    """As a script would export it: Python's csv module (Excel's dialect,
    CRLF, quotes where needed), a semicolon between fields as Norwegian
    Excel has it (or a comma, as pandas' to_csv and Google Sheets' download
    have it: "12,5" is then quoted, "1.1; 3.2" not), dates as dd.mm.yyyy, a
    formula as its result."""
    def text(v):
        if v is None:
            return ""
        if isinstance(v, dict) and "date" in v:
            return date_of(v["date"]).strftime("%d.%m.%Y")
        if isinstance(v, dict) and "rich" in v:
            return "".join(v["rich"])
        if isinstance(v, dict):
            return str(v["value"])
        return str(v)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow([spec["title"]])
        w.writerow([])
        w.writerow(spec["header"])
        for row in spec["rows"]:
            w.writerow([text(v) for v in row])


if len(sys.argv) == 3 and sys.argv[1] == "--long-dates":
    # For LibreOffice to export as shown: dates with the month named, as
    # Norwegian Excel's long date format shows them (6. oktober 2026).
    with_xlsxwriter(sys.argv[2], False, "[$-414]d\\. mmmm yyyy")
    sys.exit(0)

with_openpyxl("openpyxl-aktiviteter.xlsx")
with_csv("python-csv-aktiviteter.csv")
with_csv("python-csv-komma-aktiviteter.csv", delimiter=",")
with_xlsxwriter("xlsxwriter-aktiviteter.xlsx", False)
with_xlsxwriter("xlsxwriter-minne-aktiviteter.xlsx", True)
print("wrote openpyxl-aktiviteter.xlsx, python-csv-aktiviteter.csv, python-csv-komma-aktiviteter.csv, xlsxwriter-aktiviteter.xlsx, xlsxwriter-minne-aktiviteter.xlsx", file=sys.stderr)
