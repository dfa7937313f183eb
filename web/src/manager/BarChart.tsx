import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import './manager.css';

export interface BarSeries {
  /** Column header of the data table and the legend's text. */
  label: string;
  /** Written before each value of this series beside its bar when there are several series ("p50: 9"). */
  short: string;
}

export interface BarRow {
  key: string;
  label: string;
  /** One value per series; null = no data (no bar, "–"). */
  values: Array<number | null>;
}

interface BarChartProps {
  /** The chart's `<title>` and the data table's caption. */
  title: string;
  /** The accessible name of the image: what the chart shows, in one or two sentences. */
  summary: string;
  /** Header of the table's first column (what the rows are). */
  categoryLabel: string;
  series: BarSeries[];
  rows: BarRow[];
  formatValue(value: number): string;
  /** The table's row header, e.g. a link that filters the plan list by this row. */
  renderCategory?(row: BarRow): ReactNode;
  /** Text shown instead of a chart when there are no rows. */
  emptyText: string;
}

/** Fill of each series: dark brand blue and a lighter blue with stripes, both ≥ 3:1 against white. */
const FILLS = ['hsl(214, 100%, 24%)', 'hsl(212, 63%, 45%)', 'hsl(165, 90%, 27%)'];
const FONT = 15;
const LABEL_BLOCK = 22;
const BAR = 18;
const BAR_GAP = 3;
const ROW_GAP = 14;
/** Average glyph width of Source Sans at FONT px, for fitting labels without measuring. */
const GLYPH = FONT * 0.5;

/**
 * A horizontal bar chart drawn as SVG (no chart library): each row's label above its bar(s), every
 * value written beside its bar, series told apart by fill, pattern and a written prefix (never by
 * colour alone). The drawing is one image with a summarising name; the exact numbers are in a real
 * table under it, the accessible equivalent. The viewBox follows the width the chart gets, so text
 * keeps its size on a 360 px phone.
 */
export function BarChart({ title, summary, categoryLabel, series, rows, formatValue, renderCategory, emptyText }: BarChartProps) {
  const { t } = useI18n();
  const id = `bar${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(240, Math.round(element.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  if (rows.length === 0) return <p className="muted">{emptyText}</p>;

  const several = series.length > 1;
  const valueText = (s: number, value: number | null) => {
    const text = value === null ? '–' : formatValue(value);
    return several ? `${series[s].short}: ${text}` : text;
  };
  const longestValue = Math.max(...rows.flatMap((r) => r.values.map((v, s) => valueText(s, v).length)));
  const valueSpace = Math.ceil(longestValue * GLYPH) + 12;
  const plotWidth = Math.max(40, width - valueSpace);
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const groupHeight = LABEL_BLOCK + series.length * BAR + (series.length - 1) * BAR_GAP + ROW_GAP;
  const height = rows.length * groupHeight;
  const maxChars = Math.floor(width / GLYPH);
  const fit = (text: string) => (text.length > maxChars ? `${text.slice(0, Math.max(1, maxChars - 1))}…` : text);

  return (
    <div className="bar-chart">
      {several && (
        <ul className="bar-chart__legend">
          {series.map((s, i) => (
            <li key={s.label}>
              <svg width="28" height="16" aria-hidden="true" focusable="false">
                <rect
                  x="0.5"
                  y="0.5"
                  width="27"
                  height="15"
                  fill={i === 1 ? `url(#${id}-stripes)` : FILLS[i % FILLS.length]}
                  stroke={FILLS[i % FILLS.length]}
                />
              </svg>
              <span>{s.label}</span>
            </li>
          ))}
        </ul>
      )}
      <div ref={box} className="bar-chart__box">
        <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${height}`} width="100%" height={height} className="bar-chart__svg">
          <title>{title}</title>
          <defs>
            <pattern id={`${id}-stripes`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill={FILLS[1]} />
              <line x1="0" y1="0" x2="0" y2="6" stroke={FILLS[0]} strokeWidth="3" />
            </pattern>
          </defs>
          {rows.map((row, r) => {
            const top = r * groupHeight;
            return (
              <g key={row.key}>
                <text x="0" y={top + FONT} fontSize={FONT} fill="currentColor">
                  {fit(row.label)}
                </text>
                {row.values.map((value, s) => {
                  const y = top + LABEL_BLOCK + s * (BAR + BAR_GAP);
                  const length = value ? Math.max(2, (value / max) * plotWidth) : 0;
                  return (
                    <g key={s}>
                      {length > 0 && (
                        <rect
                          x="0"
                          y={y}
                          width={length}
                          height={BAR}
                          fill={s === 1 ? `url(#${id}-stripes)` : FILLS[s % FILLS.length]}
                          stroke={FILLS[s % FILLS.length]}
                          strokeWidth="1"
                        />
                      )}
                      <text x={length + 6} y={y + BAR / 2} dominantBaseline="central" fontSize={FONT} fill="currentColor" className="bar-chart__value">
                        {valueText(s, value)}
                      </text>
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <details className="bar-chart__details">
        <summary>{t('barChart.showTable', { title })}</summary>
        {/* Focusable, so a keyboard can scroll a table wider than a phone. */}
        <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table className="data manager-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{categoryLabel}</th>
                {series.map((s) => (
                  <th scope="col" className="number" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{renderCategory ? renderCategory(row) : row.label}</th>
                  {row.values.map((value, s) => (
                    <td className="number" key={s}>
                      {value === null ? '–' : formatValue(value)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
