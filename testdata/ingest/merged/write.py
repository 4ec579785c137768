"""Writes an activity log with merged cells in its data, as people make
them: a title merged over the columns above the header, the date merged
over the activities of one day, the region over the whole log (its totals
row too), a goal over two rows, a long title merged into the cell beside
it, and one date left empty under another, not merged. With openpyxl and
with XlsxWriter; ../make-written.sh adds LibreOffice's .xlsx and .ods of
it. TestMergedCells reads them all."""
import datetime

import openpyxl
import xlsxwriter

HEADER = ["Dato", "Region", "Kommunenr", "Mål", "Aktivitetstype", "Tittel", "Deltakere"]
D6, D7, D8 = (datetime.datetime(2026, 10, d) for d in (6, 7, 8))
# Rows from row 3 (the title is row 1, the header row 2); None is a cell
# left empty, under a merge or not.
ROWS = [
    [D6, "BTV", 3301, "3.1", "kommunebesøk", "Besøk i Drammen", 12],
    [None, None, 3303, "3.1", "kommunebesøk", "Besøk i Kongsberg", 8],
    [None, None, 3305, "1.1", "kurs", "Kurs i Ringerike", 20],
    [D7, None, 3301, "2.1", "fagnettverk", "Fagnettverk for dans, med en lang tittel", None],
    [D8, None, None, "1.2", "konferanse", "Regionkonferanse", 140],
    [None, None, 3312, None, "kurs", "Kurs i Lier", 9],
    [None, None, None, None, None, "Totalt", 189],
]
# Blocks as (first row, first column, last row, last column), from 1.
MERGES = [(1, 1, 1, 7), (3, 1, 5, 1), (3, 2, 9, 2), (6, 6, 6, 7), (7, 4, 8, 4)]


def with_openpyxl(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Aktiviteter"
    ws.append(["Aktivitetslogg BTV oktober 2026"])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    for r in range(3, 3 + len(ROWS)):
        ws.cell(row=r, column=1).number_format = "DD.MM.YYYY"
    for r0, c0, r1, c1 in MERGES:
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
    wb.save(path)


def with_xlsxwriter(path):
    wb = xlsxwriter.Workbook(path)
    datefmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    ws = wb.add_worksheet("Aktiviteter")
    ws.write_row(1, 0, HEADER)
    for i, row in enumerate(ROWS, start=2):
        for c, v in enumerate(row):
            if isinstance(v, datetime.datetime):
                ws.write_datetime(i, c, v, datefmt)
            elif v is not None:
                ws.write(i, c, v)
    # merge_range writes the first cell's value and blank cells for the
    # rest, as Excel does.
    first = {(1, 1): "Aktivitetslogg BTV oktober 2026"}
    for i, row in enumerate(ROWS, start=3):
        for c, v in enumerate(row, start=1):
            first[(i, c)] = v
    for r0, c0, r1, c1 in MERGES:
        v = first[(r0, c0)]
        fmt = datefmt if isinstance(v, datetime.datetime) else None
        if isinstance(v, datetime.datetime):
            ws.merge_range(r0 - 1, c0 - 1, r1 - 1, c1 - 1, "", fmt)
            ws.write_datetime(r0 - 1, c0 - 1, v, fmt)
        else:
            ws.merge_range(r0 - 1, c0 - 1, r1 - 1, c1 - 1, v, fmt)
    wb.close()


with_openpyxl("openpyxl-flett.xlsx")
with_xlsxwriter("xlsxwriter-flett.xlsx")
