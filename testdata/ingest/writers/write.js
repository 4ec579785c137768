// Writes rows.json as .xlsx with SheetJS (the npm package xlsx), and its
// data sheet as CSV, and as .xlsx with ExcelJS. Run by ../make-writers.sh
// with both installed where Node finds them (NODE_PATH).
"use strict";
const fs = require("fs");
const XLSX = require("xlsx");
const ExcelJS = require("exceljs");

const spec = JSON.parse(fs.readFileSync("rows.json", "utf8"));
// A date's fields. SheetJS turns a JavaScript Date into a serial from its
// local fields, ExcelJS from its UTC ones: a local midnight east of
// Greenwich is the day before's evening in an ExcelJS file (and Excel
// shows that day). Each gets the Date that holds the intended fields.
const fieldsOf = (s) => {
  const [d, t] = s.split("T");
  const [y, m, day] = d.split("-").map(Number);
  const [hh, mm] = (t || "00:00").split(":").map(Number);
  return [y, m - 1, day, hh, mm];
};
const localDate = (s) => new Date(...fieldsOf(s));
const utcDate = (s) => new Date(Date.UTC(...fieldsOf(s)));

function withSheetJS(path) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(spec.guide.slice(1).map((l) => [l])), spec.guide[0]);
  const aoa = [[spec.title], [], spec.header];
  for (const row of spec.rows) {
    aoa.push(row.map((v) => {
      if (v === null) return null;
      if (typeof v === "object" && v.date) return localDate(v.date);
      if (typeof v === "object" && v.rich) return v.rich.join(""); // SheetJS writes no rich text
      if (typeof v === "object") return { t: "n", v: v.value, f: v.formula };
      return v;
    }));
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true, dateNF: "yyyy-mm-dd" });
  ws["!merges"] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: spec.header.length - 1 } }];
  XLSX.utils.book_append_sheet(wb, ws, spec.sheet);
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(spec.hidden.slice(1).map((v) => [v])), spec.hidden[0]);
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 0 }, { Hidden: 1 }] };
  XLSX.writeFile(wb, path, { cellDates: false });
  // The same sheet as CSV, as SheetJS exports it: the cells' shown text,
  // a semicolon between them, LF line ends.
  fs.writeFileSync(path.replace(/\.xlsx$/, ".csv"), XLSX.utils.sheet_to_csv(ws, { FS: ";" }));
}

async function withExcelJS(path) {
  const wb = new ExcelJS.Workbook();
  const guide = wb.addWorksheet(spec.guide[0]);
  spec.guide.slice(1).forEach((l) => guide.addRow([l]));
  const ws = wb.addWorksheet(spec.sheet);
  ws.addRow([spec.title]);
  ws.mergeCells(1, 1, 1, spec.header.length);
  ws.addRow([]);
  ws.addRow(spec.header);
  spec.rows.forEach((row, i) => {
    const r = ws.getRow(4 + i);
    row.forEach((v, c) => {
      if (v === null) return;
      const cell = r.getCell(c + 1);
      if (typeof v === "object" && v.date) {
        cell.value = utcDate(v.date);
        cell.numFmt = "dd.mm.yyyy";
      } else if (typeof v === "object" && v.rich) {
        cell.value = { richText: [{ text: v.rich[0], font: { bold: true } }, { text: v.rich[1] }] };
      } else if (typeof v === "object") {
        cell.value = { formula: v.formula, result: v.value };
      } else {
        cell.value = v;
      }
    });
    r.commit();
  });
  const hidden = wb.addWorksheet(spec.hidden[0], { state: "hidden" });
  spec.hidden.slice(1).forEach((v) => hidden.addRow([v]));
  await wb.xlsx.writeFile(path);
}

withSheetJS("sheetjs-aktiviteter.xlsx");
withExcelJS("exceljs-aktiviteter.xlsx").then(() => console.error("wrote sheetjs-aktiviteter.xlsx, sheetjs-aktiviteter.csv, exceljs-aktiviteter.xlsx"));
