import { describe, expect, test } from '@jest/globals';
import { barChart } from './chart.ts';
import { renderPage } from './page.ts';
import { medians, mediansBy, table } from './report.ts';
import { interleaved, median, percentile } from './stats.ts';
import type { StoredResult } from './types.ts';

describe('benchmark statistics', () => {
  test('median of odd and even counts, unsorted input untouched', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  test('percentile by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  test('interleaved rotates which variant goes first, and runs each once per round', async () => {
    const order: string[] = [];
    const results = await interleaved(['a', 'b', 'c'], 3, (variant, round) => {
      order.push(variant);
      return Promise.resolve(`${variant}${round}`);
    });
    expect(order).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(results).toEqual({ a: ['a0', 'a1', 'a2'], b: ['b0', 'b1', 'b2'], c: ['c0', 'c1', 'c2'] });
  });
});

describe('benchmark report', () => {
  test('medians of every numeric field, a missing one as NaN; per group', () => {
    expect(medians([{ a: 3, b: 1, label: 'x' }, { a: 1 }, { a: 2 }])).toEqual({ a: 2, b: NaN });
    expect(medians([{ b: 1 }, { b: 4 }])).toEqual({ b: 2.5 });
    expect(mediansBy({ x: [{ n: 1 }, { n: 9 }, { n: 4 }], y: [{ n: 0 }] })).toEqual({ x: { n: 4 }, y: { n: 0 } });
  });

  test('a table from columns: one row per item, its index to hand, footer rows last', () => {
    const t = table(
      'Caption',
      ['a', 'b'],
      [
        ['item', (item) => item],
        ['#', (_, i) => i + 1],
      ],
      [['total', 2]],
    );
    expect(t).toEqual({
      caption: 'Caption',
      columns: ['item', '#'],
      rows: [
        ['a', 1],
        ['b', 2],
        ['total', 2],
      ],
    });
  });

  test('bar chart: bar lengths proportional to the values, labels escaped', () => {
    const svg = barChart({
      title: 'A < B & C',
      unit: 'req/s',
      series: ['tickets', 'proxy'],
      groups: [{ label: '1 KB', values: [100, 50] }],
    });
    expect(svg).toContain('A &lt; B &amp; C');
    const widths = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="([\d.]+)" height="14"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]! / widths[1]!).toBeCloseTo(2, 1);
  });

  test('the report lists every target and marks missed ones', () => {
    const result: StoredResult = {
      name: 'demo',
      title: 'Demo benchmark',
      measuredAt: '2026-11-22T00:00:00.000Z',
      long: false,
      durationSeconds: 3,
      machine: { cpu: 'CPU X', cores: 2, memoryGiB: 4, kernel: 'Linux', node: 'v20', packages: { graphql: '16' } },
      method: 'How.',
      tables: [{ caption: 'Figures', columns: ['a', 'b'], rows: [[1, 'x|y']] }],
      targets: [
        { name: 'speed', target: '≥ 1×', measured: '2×', met: true },
        { name: 'memory', target: '≤ 1 MB', measured: '3 MB', met: false },
      ],
      charts: [{ id: 'speed', title: 'Speed', svg: '<svg/>' }],
      findings: 'Why.',
      raw: null,
    };
    const markdown = renderPage([result]);
    expect(markdown).toContain('| [demo](#demo-benchmark) | speed | ≥ 1× | 2× | yes |');
    expect(markdown).toContain('| [demo](#demo-benchmark) | memory | ≤ 1 MB | 3 MB | **no** |');
    expect(markdown).toContain('| 1 | x\\|y |');
    expect(markdown).toContain('![Speed](benchmarks/demo-speed.svg)');
    expect(markdown).toContain('CPU X, 2 cores');
  });
});
