// Charts drawn on the server: SVG that scales with its column, carries no inline styles (the CSP
// forbids them) and escapes the words it draws; the data table a reader gets instead; sparklines
// that break at a gap.
import { describe, expect, it } from 'vitest';
import { renderChart, sparkline } from './charts.js';

describe('server-side charts', () => {
  it('draws an SVG that scales, escapes its labels and has the data table beside it', async () => {
    const chart = await renderChart({
      title: 'Contacts by channel',
      description: 'Phone contacts fell while web requests rose.',
      kind: 'stacked-bar',
      xTitle: 'Quarter',
      yTitle: 'Contacts',
      points: [
        { x: 'Q3 <2026>', y: 30, series: 'Phone' },
        { x: 'Q3 <2026>', y: 10, series: 'Web & apps' },
        { x: 'Q4 2026', y: 20, series: 'Phone' },
        { x: 'Q4 2026', y: null, series: 'Web & apps' },
      ],
      target: 25,
    });
    expect(chart.svg).toMatch(/^<svg [^>]*class="app-chart__svg" focusable="false" aria-hidden="true" viewBox="0 0 [\d.]+ [\d.]+"/);
    expect(chart.svg).not.toMatch(/<svg[^>]* width=/);
    expect(chart.svg).not.toContain('style=');
    expect(chart.svg).not.toContain('<2026>');
    expect(chart.svg).toContain('Q3 &lt;2026&gt;');
    expect(chart.table).toEqual({ head: ['Quarter', 'Phone', 'Web & apps'], rows: [['Q3 <2026>', '30', '10'], ['Q4 2026', '20', 'No data']] });
  });

  it('keeps the order periods came in and formats the table as asked', async () => {
    const chart = await renderChart({
      title: 'Missed bins collected on time',
      description: 'Above target in three quarters of four.',
      kind: 'line',
      xTitle: 'Quarter',
      yTitle: '% met',
      points: [{ x: 'Q1', y: 96 }, { x: 'Q3', y: 90 }, { x: 'Q2', y: 97.5 }],
      formatValue: (v) => (v === null ? 'No data' : `${v}%`),
    });
    expect(chart.table.rows).toEqual([['Q1', '96%'], ['Q3', '90%'], ['Q2', '97.5%']]);
    const labels = [...chart.svg.matchAll(/>(Q\d)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['Q1', 'Q3', 'Q2']);
  });

  it('draws sparklines with gaps, and nothing from fewer than two values', () => {
    const svg = sparkline([1, 2, null, 4, 5]);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('aria-hidden="true"');
    expect(sparkline([null, 3])).toBe('');
  });
});
