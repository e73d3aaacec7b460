/**
 * The one place chart.js is used. Pages describe a chart as data (labels, series with a unit and an
 * axis); this turns it into a chart.js config whose ticks and tooltips go through shared/format, so
 * a chart's numbers read like the cards and the report. Colours come from the CSS design tokens, so
 * the charts follow the light or dark theme.
 */
import { useEffect, useRef } from 'preact/hooks';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type Plugin,
} from 'chart.js';
import { formatDelta, formatShort, formatValue, type FormatOptions } from '../../shared/format';
import type { Unit } from '../../shared/metrics/types';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export interface Series {
  label: string;
  values: (number | null)[];
  unit: Unit;
  /** In a bar chart, a series drawn as a line over the bars. */
  line?: boolean;
  /** A second unit goes on the right-hand axis. */
  right?: boolean;
  /** Drawn dashed: a projection, which must never read as an actual figure. */
  dashed?: boolean;
}

export interface ChartSpec {
  /**
   * A waterfall plots its one series as a bridge: the first and last values are totals standing on
   * the axis, each value between them a signed step floating from where the one before it ended.
   */
  kind: 'bar' | 'line' | 'doughnut' | 'waterfall';
  labels: string[];
  series: Series[];
  horizontal?: boolean;
  /** Design-token names (`good`, `bad`...) to colour the slices or series by meaning instead of in turn. */
  tones?: string[];
  /** A one-series bar chart's bars coloured by label: a token per bar (`chart-other` for Others), null for the series' colour. */
  barTones?: (string | null)[];
  /** A bar chart's series stacked in one bar per label: positive values above the axis, negative ones below. */
  stacked?: boolean;
  /** Every label on the category axis (chart.js otherwise skips some when they crowd), the box tall enough for them. */
  everyLabel?: boolean;
  /** The chart's height in pixels, where its labels need more than the usual box. */
  height?: number;
}

export function hasValues(spec: ChartSpec): boolean {
  return spec.series.some((s) => s.values.some((v) => v !== null && Number.isFinite(v)));
}

function tokens(): { palette: string[]; text: string; grid: string; surface: string } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    palette: [1, 2, 3, 4, 5, 6].map((i) => v(`--chart-${i}`)),
    text: v('--text-muted'),
    grid: v('--border'),
    surface: v('--surface'),
  };
}

/**
 * Each bar's own figure written above it, so a bridge reads without hovering: in full, or shortened (formatShort) where its column is narrow, and left out where even that
 * does not fit (the tooltip and the page around the chart still give it), never over its neighbour's.
 */
const barLabels = (texts: (readonly [full: string, short: string])[], colour: string): Plugin<'bar'> => ({
  id: 'barLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const family = getComputedStyle(document.documentElement).getPropertyValue('--font');
    const bars = chart.getDatasetMeta(0).data;
    const slot = bars.length > 1 ? Math.abs(bars[1]!.x - bars[0]!.x) - 6 : chart.chartArea.width;
    ctx.save();
    ctx.fillStyle = colour;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    bars.forEach((bar, i) => {
      const [full = '', short = ''] = texts[i] ?? [];
      const fits = ([text, size]: readonly [string, number]) => {
        ctx.font = `600 ${size}px ${family}`;
        return ctx.measureText(text).width <= slot;
      };
      const tries = [
        [full, 12],
        [short, 12],
        [short, 11],
        [short, 10],
      ] as const;
      // The font stays the one of the first try that fits.
      const chosen = tries.find(fits);
      if (chosen === undefined) return;
      const text = chosen[0];
      const width = ctx.measureText(text).width;
      const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
      ctx.fillText(text, Math.min(x, chart.width - width / 2), Math.min(y, base) - 3);
    });
    ctx.restore();
  },
});

function waterfallConfig(spec: ChartSpec, fmt: FormatOptions, colourOf: (tone: string) => string, t: ReturnType<typeof tokens>): ChartConfiguration<'bar'> {
  const s = spec.series[0];
  const values = (s?.values ?? []).map((v) => v ?? 0);
  const unit = s?.unit ?? 'count';
  const last = values.length - 1;
  const total = (i: number) => i === 0 || i === last;
  let level = 0;
  const bars = values.map((v, i): [number, number] => {
    if (total(i)) return [0, (level = v)];
    const from = level;
    level += v;
    return [from, level];
  });
  const texts = values.map((v, i) => (total(i) ? formatValue(v, unit, fmt) : formatDelta(v, unit, fmt)));
  const labels = values.map((v, i) => [texts[i]!, formatShort(v, unit, fmt, !total(i))] as const);
  const tone = (v: number, i: number) => colourOf(total(i) ? 'chart-1' : v > 0 ? 'good' : v < 0 ? 'bad' : 'text-muted');
  const tick = (value: string | number) => formatValue(Number(value), unit, fmt);
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      // A step of nothing still gets a hairline, so every step can be seen and clicked.
      datasets: [
        {
          label: s?.label ?? '',
          data: bars,
          backgroundColor: values.map(tone),
          borderColor: values.map(tone),
          borderWidth: 1,
          minBarLength: 2,
          borderSkipped: false,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      layout: { padding: { top: 18 } },
      // A click anywhere in a step's column picks it: a small step's bar is a hairline.
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'category', ticks: { color: t.text }, grid: { display: false } },
        y: { type: 'linear', ticks: { color: t.text, callback: tick }, grid: { color: t.grid }, beginAtZero: true, grace: '8%' },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => `${spec.labels[c.dataIndex] ?? ''}: ${texts[c.dataIndex] ?? ''}` } },
      },
    },
    plugins: [barLabels(labels, t.text)],
  };
}

function configFor(spec: ChartSpec, fmt: FormatOptions): ChartConfiguration {
  const t = tokens();
  const css = getComputedStyle(document.documentElement);
  const colour = (i: number) => {
    const tone = spec.tones?.[i];
    return (tone ? css.getPropertyValue(`--${tone}`).trim() : '') || (t.palette[i % t.palette.length] ?? '#888');
  };
  const tokenColour = (tone: string | null | undefined) => (tone ? css.getPropertyValue(`--${tone}`).trim() : '');
  const leftUnit = spec.series.find((s) => !s.right)?.unit ?? 'count';
  const rightUnit = spec.series.find((s) => s.right)?.unit;
  const tick = (unit: Unit) => (value: string | number) => formatValue(Number(value), unit, fmt);

  if (spec.kind === 'waterfall') return waterfallConfig(spec, fmt, (tone) => css.getPropertyValue(`--${tone}`).trim() || '#888', t) as ChartConfiguration;
  if (spec.kind === 'doughnut') {
    const s = spec.series[0];
    return {
      type: 'doughnut',
      data: {
        labels: spec.labels,
        datasets: [{ label: s?.label ?? '', data: s?.values ?? [], backgroundColor: spec.labels.map((_l, i) => colour(i)), borderColor: t.surface }],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          legend: { position: 'right', labels: { color: t.text } },
          tooltip: { callbacks: { label: (c) => `${c.label}: ${formatValue(c.parsed, s?.unit ?? 'count', fmt)}` } },
        },
      },
    };
  }

  const datasets = spec.series.map((s, i): ChartDataset => {
    const asLine = spec.kind === 'line' || s.line === true;
    return {
      type: asLine ? 'line' : 'bar',
      label: s.label,
      data: s.values,
      backgroundColor: spec.barTones && !asLine ? spec.labels.map((_l, j) => tokenColour(spec.barTones?.[j]) || colour(i)) : colour(i),
      borderColor: colour(i),
      borderWidth: asLine ? 2 : 0,
      borderDash: s.dashed ? [6, 4] : [],
      pointRadius: asLine ? 3 : 0,
      pointStyle: s.dashed ? 'rectRot' : 'circle',
      spanGaps: true,
      yAxisID: s.right ? 'right' : 'left',
      xAxisID: 'x',
      order: asLine ? 0 : 1,
    } as ChartDataset;
  });
  const valueAxis = spec.horizontal ? 'x' : 'y';
  return {
    type: spec.kind === 'line' ? 'line' : 'bar',
    data: { labels: spec.labels, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal ? 'y' : 'x',
      // In a stack a click picks the part under the pointer; the tooltip still tells the whole bar.
      interaction: spec.stacked ? { mode: 'nearest', intersect: true } : { mode: 'index', intersect: false },
      scales: spec.horizontal
        ? {
            x: { type: 'linear', position: 'bottom', ticks: { color: t.text, callback: tick(leftUnit) }, grid: { color: t.grid }, beginAtZero: true },
            left: { type: 'category', axis: 'y', position: 'left', ticks: { color: t.text, autoSkip: spec.everyLabel !== true }, grid: { display: false } },
          }
        : {
            x: { type: 'category', ticks: { color: t.text, autoSkip: spec.everyLabel !== true }, grid: { display: false }, stacked: spec.stacked === true },
            left: {
              type: 'linear',
              axis: valueAxis,
              position: 'left',
              ticks: { color: t.text, callback: tick(leftUnit) },
              grid: { color: t.grid },
              beginAtZero: true,
              stacked: spec.stacked === true,
            },
            ...(rightUnit
              ? {
                  right: {
                    type: 'linear',
                    axis: valueAxis,
                    position: 'right',
                    ticks: { color: t.text, callback: tick(rightUnit) },
                    grid: { display: false },
                    beginAtZero: true,
                  },
                }
              : {}),
          },
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: t.text } },
        tooltip: {
          ...(spec.stacked ? { mode: 'index', intersect: false } : {}),
          callbacks: {
            label: (c) => {
              const s = spec.series[c.datasetIndex];
              const v = spec.horizontal ? c.parsed.x : c.parsed.y;
              return `${c.dataset.label ?? ''}: ${formatValue(v, s?.unit ?? 'count', fmt)}`;
            },
          },
        },
      },
    },
  } as ChartConfiguration;
}

export interface ChartViewProps {
  title: string;
  spec: ChartSpec;
  fmt: FormatOptions;
  /** Shown instead of an empty canvas when no series has a value. */
  empty: string;
  /** A line under the title: what the chart shows and leaves out. */
  note?: string | undefined;
  /** Clicking a bar (or slice) picks its label's index and its series; the chart then shows a pointer over them. */
  onPick?: ((index: number, series: number) => void) | undefined;
}

export function ChartView({ title, spec, fmt, empty, note, onPick }: ChartViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const filled = hasValues(spec);
  const key = JSON.stringify(spec);
  // The chart is drawn once per spec; a click reads the latest handler.
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    if (!filled || !canvas.current) return;
    const make = (el: HTMLCanvasElement) => {
      const config = configFor(spec, fmt);
      if (pick.current) {
        config.options = {
          ...config.options,
          onClick: (_e, hit) => {
            if (hit[0]) pick.current?.(hit[0].index, hit[0].datasetIndex);
          },
          onHover: (e, hit) => {
            if (e.native?.target instanceof HTMLElement) e.native.target.style.cursor = hit.length ? 'pointer' : 'default';
          },
        };
      }
      return new Chart(el, config);
    };
    let chart = make(canvas.current);
    // The theme can change while the page is open; redraw with the other palette.
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => {
      chart.destroy();
      if (canvas.current) chart = make(canvas.current);
    };
    scheme.addEventListener('change', redraw);
    return () => {
      scheme.removeEventListener('change', redraw);
      chart.destroy();
    };
    // The spec is compared by content: pages rebuild it on every render.
  }, [key, filled, fmt.locale, fmt.currency]);

  const isStep = (i: number, n: number) => spec.kind === 'waterfall' && i > 0 && i < n - 1;
  const summary = spec.series
    .map(
      (s) =>
        `${s.label}: ${s.values.map((v, i) => `${spec.labels[i] ?? ''} ${(isStep(i, s.values.length) ? formatDelta : formatValue)(v, s.unit, fmt)}`).join(', ')}`,
    )
    .join('; ');

  return (
    <figure class="chart">
      <figcaption>
        {title}
        {note && <span class="chart-note muted">{note}</span>}
      </figcaption>
      {filled ? (
        <div class="chart-box" style={spec.height ? { height: `${spec.height}px` } : undefined}>
          <canvas ref={canvas} role="img" aria-label={`${title}. ${summary}`} />
        </div>
      ) : (
        <p class="chart-empty">{empty}</p>
      )}
    </figure>
  );
}
