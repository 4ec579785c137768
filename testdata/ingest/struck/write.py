"""Writes an activity log in which the sender struck out rows, as people
mark an activity that was cancelled: one row struck through in every
cell (the cells' font), one whose text is struck run by run (rich text,
as when the text itself is selected; by XlsxWriter: openpyxl writes no
rich text before 3.1, and struck by font there), and one with only its
title struck (a correction, not a cancelled row: read as the others).
With openpyxl and with XlsxWriter; ../make-written.sh adds LibreOffice's .xlsx
and .ods of it. TestStruckRows reads them all."""
import datetime

import openpyxl
from openpyxl.styles import Font
import xlsxwriter

HEADER = ["Dato", "Region", "Kommunenr", "Mål", "Aktivitetstype", "Tittel", "Deltakere"]
ROWS = [
    [datetime.datetime(2026, 10, 6), "BTV", 3301, "3.1", "kommunebesøk", "Besøk i Drammen", 12],
    [datetime.datetime(2026, 10, 7), "BTV", 3303, "3.1", "kommunebesøk", "Besøk i Kongsberg (avlyst)", 8],
    [datetime.datetime(2026, 10, 8), "BTV", 3305, "1.1", "kurs", "Kurs i Ringerike", 20],
    [datetime.datetime(2026, 10, 9), "BTV", 3301, "2.1", "fagnettverk", "Fagnettverk for dans", 15],
    [datetime.datetime(2026, 10, 12), "BTV", 3312, "1.2", "kurs", "Kurs i Lier", 9],
]
# Rows as indexes of ROWS: struck in every cell by the cells' font; struck
# run by run where the cell is text (the rest by font); only the title
# struck.
STRUCK, STRUCK_RICH, TITLE_ONLY = 1, 3, 4


def with_openpyxl(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Aktiviteter"
    ws.append(HEADER)
    for i, row in enumerate(ROWS):
        r = i + 2
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = v
            if i in (STRUCK, STRUCK_RICH) or (i == TITLE_ONLY and c == 6):
                cell.font = Font(strike=True)
            if c == 1:
                cell.number_format = "DD.MM.YYYY"
    wb.save(path)


def with_xlsxwriter(path):
    wb = xlsxwriter.Workbook(path)
    datefmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    struckdate = wb.add_format({"num_format": "dd.mm.yyyy", "font_strikeout": True})
    struck = wb.add_format({"font_strikeout": True})
    ws = wb.add_worksheet("Aktiviteter")
    ws.write_row(0, 0, HEADER)
    for i, row in enumerate(ROWS):
        r = i + 1
        for c, v in enumerate(row):
            strike = i == STRUCK or (i == STRUCK_RICH and not isinstance(v, str)) or (i == TITLE_ONLY and c == 5)
            if isinstance(v, datetime.datetime):
                ws.write_datetime(r, c, v, struckdate if strike else datefmt)
            elif i == STRUCK_RICH and isinstance(v, str):
                # A rich string needs two runs or more.
                ws.write_rich_string(r, c, struck, v[:1], struck, v[1:])
            else:
                ws.write(r, c, v, struck if strike else None)
    wb.close()


with_openpyxl("openpyxl-strek.xlsx")
with_xlsxwriter("xlsxwriter-strek.xlsx")
