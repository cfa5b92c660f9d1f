// The review as an Excel workbook (exceljs): a summary sheet, then one sheet per section with each
// KPI's four quarters, target and RAG, and the trend breakdowns below; numbers stored as numbers
// (percentages as 0–100 with one decimal, as on the page) so a reader can chart or sum them.
import ExcelJS from 'exceljs';
import type { ReviewFigures } from './model.js';

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 27)} (${i})`;
  taken.add(name.toLowerCase());
  return name;
}

const bold = (row: ExcelJS.Row) => {
  row.font = { bold: true };
};

export async function reviewXlsx(figures: ReviewFigures, meta: { councilName: string; status: string }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = meta.councilName;
  book.title = `Customer Service Review: ${figures.period.label}`;
  const taken = new Set<string>();

  const summary = book.addWorksheet(sheetName('Summary', taken));
  summary.columns = [{ width: 48 }, { width: 60 }];
  bold(summary.addRow([`${meta.councilName}: Customer Service Review, ${figures.period.label}`]));
  summary.addRow([meta.status]);
  summary.addRow([]);
  const s = figures.summary;
  bold(summary.addRow(['Standards met', 'Standards measured', 'Standards published']));
  summary.getColumn(3).width = 22;
  summary.addRow([s.standards.met, s.standards.measured, s.standards.total]);
  summary.addRow([]);
  bold(summary.addRow(['Red items', 'Section', 'Value', 'Target']));
  for (const r of s.red) summary.addRow([r.name, r.section, r.figure.value, r.target?.target ?? null]);
  if (!s.red.length) summary.addRow(['None']);
  summary.addRow([]);
  bold(summary.addRow(['Biggest movements', 'Last quarter', 'This quarter', 'Change', 'Better or worse']));
  for (const m of [...s.improved.map((m) => ({ ...m, word: 'Better' })), ...s.worsened.map((m) => ({ ...m, word: 'Worse' }))]) {
    summary.addRow([m.name, m.from, m.to, m.change, m.word]);
  }

  const quarters = figures.periods.map((p) => p.shortLabel);
  for (const section of figures.sections) {
    const sheet = book.addWorksheet(sheetName(section.title, taken));
    sheet.columns = [{ width: 48 }, { width: 26 }, ...quarters.map(() => ({ width: 14 })), { width: 12 }, { width: 14 }, { width: 10 }, { width: 10 }];
    bold(sheet.addRow(['KPI', 'Code', ...quarters, 'Target', 'Red threshold', 'RAG', 'Unit']));
    for (const kpi of section.kpis) {
      const now = kpi.points[kpi.points.length - 1]!;
      sheet.addRow([kpi.name, kpi.code, ...kpi.points.map((p) => p.figure.value), now.target?.target ?? null, now.target?.red ?? null, now.rag ?? '', kpi.unit]);
    }
    for (const kpi of section.kpis.filter((k) => k.trend && k.trend.rows.length)) {
      sheet.addRow([]);
      bold(sheet.addRow([`${kpi.name} by ${kpi.trend!.byName.toLowerCase()}`, kpi.trend!.byName, ...quarters]));
      const labels = [...new Set(kpi.trend!.rows.map((r) => r.label))];
      for (const label of labels) {
        sheet.addRow(['', label || 'Not recorded', ...figures.periods.map((p) => kpi.trend!.rows.find((r) => r.periodKey === p.key && r.label === label)?.value ?? null)]);
      }
    }
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
