import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
// First: it makes `navigator.language` one uPlot can load with.
import './locale';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BarChart } from './chartData';

interface BarChartViewProps {
  chart: BarChart;
  /** The x axis's name in the hover legend ("Month", "Balance", "Day"). */
  xName: string;
  /** The chart's title, for the hidden table's caption. */
  title: string;
  height?: number;
}

/** The theme's colour for a CSS variable name (`--accent`), read when the chart is drawn. */
function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888888';
}

/** Axis figures: whole numbers, large ones short ("12k", "1.5M"); the exact ones are on hover. */
const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** Follows the window's theme (settings/theme.ts sets `data-theme` on the root). */
function useTheme(): string | undefined {
  const [theme, setTheme] = useState(() => document.documentElement.dataset.theme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

/**
 * One bar chart drawn by uPlot on a canvas, its figures on hover in uPlot's legend, and the same
 * by keyboard: focus the chart and move with the arrow keys (Home and End for the ends). A
 * visually hidden table holds every figure for a screen reader, and the focused bar is read
 * out as it moves.
 */
export function BarChartView({ chart, xName, title, height = 190 }: BarChartViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const theme = useTheme();

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const n = chart.values.length;
    const xs = chart.values.map((_, i) => i);
    const text = cssColor('--text');
    const muted = cssColor('--muted');
    const grid = cssColor('--border');
    const colors = Array.isArray(chart.colors) ? chart.colors.map(cssColor) : null;
    const fill = cssColor(Array.isArray(chart.colors) ? '--accent' : chart.colors);
    const font = '12px system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif';
    const hover = (cells: string[]) => (_u: uPlot, _v: unknown, _s: number, idx: number | null) => (idx == null ? '—' : (cells[idx] ?? '—'));
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 240),
      height,
      legend: { show: true, live: true },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
      scales: {
        x: { time: false, range: [-0.5, n - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        {
          stroke: muted,
          font,
          grid: { show: false },
          ticks: { stroke: grid, width: 1, size: 4 },
          // One label per bar where they fit, every 2nd, 3rd, … where they do not.
          incrs: [1, 2, 3, 4, 6, 12, 15, 30],
          space: Math.max(...chart.labels.map((l) => l.length)) * 6.5 + 10,
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (chart.labels[v] ?? '') : '')),
        },
        {
          stroke: muted,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 48,
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? COMPACT.format(v) : '')),
        },
      ],
      series: [
        { label: xName, value: hover(chart.rows.map((r) => r.label)) },
        {
          label: chart.series,
          stroke: fill,
          fill,
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars!({
            size: [0.72, 56],
            radius: 0.12,
            ...(colors ? { disp: { fill: { unit: 3, values: () => colors } } } : {}),
          }),
          value: hover(chart.rows.map((r) => r.value)),
        },
        // Figures shown on hover but not drawn (a band's total owed, a day's payments).
        ...chart.extra.map((e) => ({
          label: e.name,
          stroke: text,
          width: 0,
          points: { show: false },
          paths: () => null,
          value: hover(e.cells),
        })),
      ],
    };
    const data: uPlot.AlignedData = [xs, chart.values, ...chart.extra.map(() => chart.values)];
    const u = new uPlot(options, data, element);
    plot.current = u;
    let observer: ResizeObserver | undefined;
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => {
        const width = Math.max(element.clientWidth, 240);
        if (Math.abs(width - u.width) > 1) u.setSize({ width, height });
      });
      observer.observe(element);
    }
    return () => {
      observer?.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [chart, xName, height, theme]);

  function point(idx: number | null) {
    setActive(idx);
    const u = plot.current;
    if (!u) return;
    if (idx === null) {
      u.setCursor({ left: -10, top: -10 });
      return;
    }
    u.setCursor({ left: u.valToPos(idx, 'x'), top: u.valToPos(chart.values[idx] ?? 0, 'y') });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const last = chart.values.length - 1;
    const from = active ?? last;
    const next =
      e.key === 'ArrowRight' ? Math.min(from + 1, last) : e.key === 'ArrowLeft' ? Math.max(from - 1, 0) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next === null || last < 0) return;
    e.preventDefault();
    point(next);
  }

  const row = active !== null ? chart.rows[active] : undefined;
  const said = row
    ? [`${row.label}: ${chart.series} ${row.value}`, ...chart.extra.map((e) => `${e.name} ${e.cells[active!] ?? ''}`)].join(', ')
    : '';

  return (
    <div className="chart">
      <div
        ref={box}
        className="chart-plot"
        tabIndex={0}
        role="img"
        aria-label={`${chart.summary} Arrow keys read each bar.`}
        onKeyDown={onKeyDown}
        onFocus={() => point(active ?? chart.values.length - 1)}
        onBlur={() => point(null)}
      />
      <p className="sr-only" aria-live="polite">
        {said}
      </p>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{xName}</th>
            <th scope="col">{chart.series}</th>
            {chart.extra.map((e) => (
              <th scope="col" key={e.name}>
                {e.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.rows.map((r, i) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.value}</td>
              {chart.extra.map((e) => (
                <td key={e.name}>{e.cells[i]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
