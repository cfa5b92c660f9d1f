// Charts drawn on the server as SVG with vega-lite and vega: no browser JavaScript, so the same
// chart works in the page, in print and in the PDF. Every chart comes with its title, a text
// description (its text alternative) and the data table it was drawn from, which the `chart` macro
// (views/templates/chart.njk) shows beside it. vega escapes the text it draws; the SVG carries no
// inline styles, so the site's CSP holds.
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

export type ChartKind = 'line' | 'bar' | 'stacked-bar';

/** One value: its place on the x axis (a period, a channel), its series when there are several. */
export interface ChartPoint {
  x: string;
  y: number | null;
  series?: string;
}

export interface ChartInput {
  title: string;
  /** What the chart shows, in a sentence or two: its text alternative. */
  description: string;
  kind: ChartKind;
  xTitle: string;
  yTitle: string;
  /** The table's value column's heading when there is one series ("% met"). */
  valueTitle?: string;
  points: readonly ChartPoint[];
  /** Draws the target as a dashed line (in the y axis's unit). */
  target?: number | null;
  /** How values read in the table: "95.5%", "£1,204.00". */
  formatValue?: (value: number | null) => string;
  width?: number;
  height?: number;
}

export interface Chart {
  title: string;
  description: string;
  svg: string;
  table: { head: string[]; rows: string[][] };
}

// GOV.UK palette colours with enough contrast against white for marks (WCAG 1.4.11).
const PALETTE = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#28a197', '#912b88', '#505a5f', '#801650', '#6f72af'];
const TEXT = '#0b0c0c';
const FONT = 'Arial, Helvetica, sans-serif';

function spec(input: ChartInput): vegaLite.TopLevelSpec {
  const multi = input.points.some((p) => p.series !== undefined);
  const values = input.points.filter((p) => p.y !== null).map((p) => ({ x: p.x, y: p.y, series: p.series ?? '' }));
  // The x axis keeps the order the points came in (periods oldest first), not alphabetical order.
  const order = [...new Set(input.points.map((p) => p.x))];
  // Every x value keeps its place, so a period with no data is a visible gap rather than missing.
  // Many labels (eight quarters) are turned so they stay whole.
  const x = { field: 'x', type: 'ordinal' as const, title: input.xTitle, sort: order, scale: { domain: order }, axis: { labelAngle: order.length > 5 ? -40 : 0, labelLimit: 140 } };
  const y = { field: 'y', type: 'quantitative' as const, title: input.yTitle, ...(input.kind === 'stacked-bar' ? { stack: 'zero' as const } : { stack: null }) };
  const colour = multi ? { color: { field: 'series', type: 'nominal' as const, title: null, scale: { range: PALETTE }, legend: { orient: 'bottom' as const, columns: 2, labelLimit: 200 } } } : {};
  const mark = input.kind === 'line' ? { type: 'line' as const, point: true, color: multi ? undefined : PALETTE[0] } : { type: 'bar' as const, color: multi ? undefined : PALETTE[0] };
  const layers: Record<string, unknown>[] = [
    { mark, encoding: { x, y, ...colour, ...(multi && input.kind !== 'line' ? { xOffset: input.kind === 'bar' ? { field: 'series' } : undefined } : {}) } },
  ];
  if (input.target !== undefined && input.target !== null) {
    layers.push({ data: { values: [{ target: input.target }] }, mark: { type: 'rule', strokeDash: [6, 4], color: TEXT }, encoding: { y: { field: 'target', type: 'quantitative' } } });
  }
  return {
    width: input.width ?? 560,
    height: input.height ?? 220,
    background: 'white',
    config: { font: FONT, axis: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12 }, legend: { labelColor: TEXT, labelFontSize: 12 }, view: { stroke: null } },
    data: { values },
    layer: layers,
  } as unknown as vegaLite.TopLevelSpec;
}

/** Drops the fixed width and height so the chart scales with its column; the viewBox keeps its shape. */
function responsive(svg: string): string {
  return svg
    .replace(/^<svg([^>]*?) class="marks" width="[\d.]+" height="[\d.]+"/, '<svg$1 class="app-chart__svg" focusable="false" aria-hidden="true"');
}

function table(input: ChartInput): Chart['table'] {
  const format = input.formatValue ?? ((v: number | null) => (v === null ? 'No data' : String(v)));
  const series = [...new Set(input.points.map((p) => p.series).filter((s): s is string => s !== undefined))];
  const xs = [...new Set(input.points.map((p) => p.x))];
  if (!series.length) return { head: [input.xTitle, input.valueTitle ?? input.yTitle], rows: input.points.map((p) => [p.x, format(p.y)]) };
  const at = new Map(input.points.map((p) => [`${p.x}\u0000${p.series}`, p.y]));
  return { head: [input.xTitle, ...series], rows: xs.map((x) => [x, ...series.map((s) => format(at.get(`${x}\u0000${s}`) ?? null))]) };
}

/** The chart's SVG, with its title, description and data table. */
export async function renderChart(input: ChartInput): Promise<Chart> {
  const compiled = vegaLite.compile(spec(input)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return { title: input.title, description: input.description, svg: responsive(svg), table: table(input) };
  } finally {
    view.finalize();
  }
}

/**
 * A trend line small enough to sit in a table cell. Drawn by hand rather than by vega: a dashboard
 * shows dozens, and a polyline needs no layout. It is decoration (aria-hidden): the figures it
 * draws are in the cells beside it. Gaps (null) break the line.
 */
export function sparkline(values: readonly (number | null)[], options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 96;
  const height = options.height ?? 24;
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return '';
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const point = (v: number, i: number) => `${(2 + i * step).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`;
  const runs: string[][] = [[]];
  values.forEach((v, i) => (v === null ? runs.push([]) : runs[runs.length - 1]!.push(point(v, i))));
  const lines = runs.filter((r) => r.length > 1).map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="${PALETTE[0]}" stroke-width="2"/>`);
  const dots = runs.flatMap((r) => (r.length === 1 ? [`<circle cx="${r[0]!.split(',')[0]}" cy="${r[0]!.split(',')[1]}" r="2" fill="${PALETTE[0]}"/>`] : []));
  const lastIndex = values.length - 1 - [...values].reverse().findIndex((v) => v !== null);
  const [lx, ly] = point(values[lastIndex] as number, lastIndex).split(',');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="app-sparkline" focusable="false" aria-hidden="true">${lines.join('')}${dots.join('')}<circle cx="${lx}" cy="${ly}" r="3" fill="${TEXT}"/></svg>`;
}
