import { useId } from 'react';

export interface BarRow {
  label: string;
  value: number;
  /** The value as the reader should read it (a count, a share, a clock, an average and range). */
  text: string;
}

interface Props {
  title: string;
  rows: BarRow[];
  testId?: string;
  /** Formats the value axis' ticks. */
  tick?: (value: number) => string;
  /** The value axis' ticks, when the default ones would fall on odd values (clock times). */
  ticks?: number[];
}

/** Ticks at 1, 2 or 5 × 10ⁿ apart, about five of them, covering `low` to `high`. */
function niceTicks(low: number, high: number): number[] {
  const span = Math.max(1, high - low);
  const rough = span / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((f) => f * power).find((f) => f >= rough) ?? power * 10,
  );
  const first = Math.floor(low / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick < high + step; tick += step) ticks.push(tick);
  return ticks;
}

/**
 * A horizontal bar chart, one bar per row, its label before it and its value after it. Plain
 * elements laid out by CSS grid rather than a charting library: the cohort view draws a dozen of
 * these at once and must be on screen within its time budget, and logical properties mirror it
 * for right-to-left languages without a line of code. The drawing is hidden from screen readers,
 * which read the same figures from a table.
 */
export function BarChart({ title, rows, testId, tick = String, ticks }: Props) {
  const captionId = useId();
  const values = rows.map((row) => row.value);
  const axis = ticks ?? niceTicks(Math.min(0, ...values), Math.max(1, ...values));
  const low = Math.min(...axis);
  const span = Math.max(...axis) - low || 1;
  const at = (value: number) => `${(((value - low) / span) * 100).toFixed(3)}%`;
  return (
    <figure className="bar-chart" data-testid={testId}>
      <figcaption id={captionId}>
        <bdi>{title}</bdi>
      </figcaption>
      <div aria-hidden="true" className="bar-chart-drawing">
        {rows.map((row, index) => (
          <div className="bar-row" key={index}>
            <span className="bar-label">
              <bdi>{row.label}</bdi>
            </span>
            <span className="bar-track">
              {low < 0 && <span className="bar-zero" style={{ insetInlineStart: at(0) }} />}
              <span
                className={row.value < 0 ? 'bar negative' : 'bar'}
                style={{
                  insetInlineStart: at(Math.min(0, row.value)),
                  inlineSize: `${((Math.abs(row.value) / span) * 100).toFixed(3)}%`,
                }}
              />
            </span>
            <span className="bar-value">
              <bdi>{row.text}</bdi>
            </span>
          </div>
        ))}
        <div className="bar-row bar-axis">
          <span />
          <span className="bar-track">
            {axis.map((value) => (
              <span key={value} className="bar-tick" style={{ insetInlineStart: at(value) }}>
                {tick(value)}
              </span>
            ))}
          </span>
          <span />
        </div>
      </div>
      <table className="visually-hidden" aria-labelledby={captionId}>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <th scope="row">{row.label}</th>
              <td>{row.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
