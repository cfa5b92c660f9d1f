// The review's figures as CSV: one row per figure (every KPI in every one of the four quarters, and
// each row of a KPI's trend breakdown), plain numbers for a spreadsheet to work with.
import { CSV_BOM, csvRow } from '../../../platform/web/csv.js';
import type { ReviewFigures } from './model.js';

export const CSV_HEAD = ['Section', 'KPI', 'KPI code', 'Period', 'Breakdown', 'Value', 'Numerator', 'Denominator', 'Target', 'Red threshold', 'RAG', 'Unit'];

export interface FigureRow {
  section: string;
  kpi: string;
  code: string;
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  red: number | null;
  rag: string;
  unit: string;
}

/** Every figure of the review, in report order: what the CSV and the XLSX list. */
export function figureRows(figures: ReviewFigures): FigureRow[] {
  return figures.sections.flatMap((section) =>
    section.kpis.flatMap((kpi) => [
      ...kpi.points.map((p) => ({
        section: section.title,
        kpi: kpi.name,
        code: kpi.code,
        period: p.periodKey,
        breakdown: '',
        value: p.figure.value,
        numerator: p.figure.numerator ?? null,
        denominator: p.figure.denominator ?? null,
        target: p.target?.target ?? null,
        red: p.target?.red ?? null,
        rag: p.rag ?? '',
        unit: kpi.unit,
      })),
      ...(kpi.trend?.rows ?? []).map((r) => ({
        section: section.title,
        kpi: kpi.name,
        code: kpi.code,
        period: r.periodKey,
        breakdown: `${kpi.trend!.byName}: ${r.label || 'Not recorded'}`,
        value: r.value,
        numerator: null,
        denominator: null,
        target: null,
        red: null,
        rag: '',
        unit: kpi.unit,
      })),
    ]),
  );
}

export function reviewCsv(figures: ReviewFigures): string {
  const rows = figureRows(figures).map((r) => csvRow([r.section, r.kpi, r.code, r.period, r.breakdown, r.value, r.numerator, r.denominator, r.target, r.red, r.rag, r.unit]));
  return CSV_BOM + csvRow(CSV_HEAD) + rows.join('');
}
