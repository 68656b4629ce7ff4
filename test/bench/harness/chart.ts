export interface BarChartSpec {
  title: string;
  /** Axis label, e.g. "requests per second (higher is better)" */
  unit: string;
  /** One colour per series, e.g. ["upload tickets", "streaming proxy"] */
  series: string[];
  /** One row of bars per group, one bar per series (NaN for none). */
  groups: { label: string; values: number[] }[];
  /** A log scale, for values spanning orders of magnitude (bytes from 1 KB to 1 GB). */
  log?: boolean;
  format?: (value: number) => string;
}

const COLOURS = ['#2f6fdf', '#e0802f', '#3a9d5d', '#b04ab0', '#777777'];
const BAR = 18;
const GAP = 10;
const LABEL_WIDTH = 190;
const PLOT_WIDTH = 430;
const VALUE_WIDTH = 110;
const TOP = 48;

/** A horizontal grouped bar chart as a standalone SVG document (no fonts or scripts to load). */
export function barChart(spec: BarChartSpec): string {
  const format = spec.format ?? ((value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 }));
  const groupHeight = spec.series.length * BAR + GAP;
  const height = TOP + spec.groups.length * groupHeight + 40;
  const width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
  const scale = scaleOf(spec);
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
      `<rect width="100%" height="100%" fill="#ffffff"/>`,
      `<text x="10" y="20" font-size="14" font-weight="bold">${escape(spec.title)}</text>`,
      ...spec.series.flatMap((name, i) => {
        const x = LABEL_WIDTH + i * 150;
        return [
          `<rect x="${x}" y="29" width="10" height="10" fill="${COLOURS[i % COLOURS.length]}"/>`,
          `<text x="${x + 14}" y="38">${escape(name)}</text>`,
        ];
      }),
      ...spec.groups.flatMap((group, g) => {
        const y = TOP + g * groupHeight;
        const label = `<text x="${LABEL_WIDTH - 8}" y="${y + (spec.series.length * BAR) / 2 + 4}" text-anchor="end">${escape(group.label)}</text>`;
        return [label, ...group.values.flatMap((value, i) => bar(value, i, y + i * BAR, scale, format))];
      }),
      `<text x="${LABEL_WIDTH}" y="${height - 14}" fill="#555555">${escape(spec.unit)}${spec.log ? ' (log scale)' : ''}</text>`,
      '</svg>',
    ].join('\n') + '\n'
  );
}

/** A value's bar length in the plot (linear, or log above a floor just under the smallest value). */
function scaleOf(spec: BarChartSpec): (value: number) => number {
  const values = spec.groups.flatMap((group) => group.values).filter((value) => Number.isFinite(value) && value > 0);
  const max = Math.max(...values, 1);
  const min = Math.min(...values, max);
  return (value) => {
    if (!Number.isFinite(value) || value <= 0) return 0;
    if (!spec.log) return (value / max) * PLOT_WIDTH;
    const floor = Math.log10(min) - 0.5;
    return ((Math.log10(value) - floor) / (Math.log10(max) - floor)) * PLOT_WIDTH;
  };
}

/** One bar of series `i` at `y`, with its value after it. */
function bar(
  value: number,
  i: number,
  y: number,
  scale: (value: number) => number,
  format: (value: number) => string,
): string[] {
  const length = Math.max(scale(value), Number.isFinite(value) ? 1 : 0);
  const text = Number.isFinite(value) ? format(value) : 'n/a';
  return [
    `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${length.toFixed(1)}" height="${BAR - 4}" fill="${COLOURS[i % COLOURS.length]}"/>`,
    `<text x="${LABEL_WIDTH + length + 4}" y="${y + BAR - 5}">${escape(text)}</text>`,
  ];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
