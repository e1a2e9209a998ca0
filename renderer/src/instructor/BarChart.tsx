import { useId } from 'react';
import {
  Bar,
  BarChart as Chart,
  CartesianGrid,
  Cell,
  LabelList,
  type LabelProps,
  XAxis,
  YAxis,
} from 'recharts';

export interface BarRow {
  label: string;
  value: number;
  /** The value as the reader should read it (a count, a clock, an average with its range). */
  text: string;
}

interface Props {
  title: string;
  rows: BarRow[];
  direction: 'ltr' | 'rtl';
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

const barSize = 22;
const rowHeight = 38;

/**
 * A horizontal bar chart (recharts), one bar per row, with the value printed at the bar's end.
 * Mirrored for right-to-left languages. The figures are also in a table that screen readers read
 * instead of the drawing.
 */
export function BarChart({ title, rows, direction, testId, tick, ticks }: Props) {
  const captionId = useId();
  const rtl = direction === 'rtl';
  const longest = Math.max(4, ...rows.map((row) => [...row.label].length));
  const labelWidth = Math.min(260, Math.max(90, longest * 7.2));
  // Room at the bars' end for the longest value text, so it never wraps.
  const valueWidth = Math.min(240, 12 + Math.max(...rows.map((row) => [...row.text].length)) * 6.8);
  const values = rows.map((row) => row.value);
  const axis = ticks ?? niceTicks(Math.min(0, ...values), Math.max(1, ...values));
  const domain: [number, number] = [Math.min(...axis), Math.max(...axis)];
  /** The value, just past the bar's end (away from zero), on one line. */
  const valueLabel = (props: LabelProps) => {
    const x = Number(props.x ?? 0);
    const y = Number(props.y ?? 0);
    const width = Number(props.width ?? 0);
    const height = Number(props.height ?? 0);
    const left = Math.min(x, x + width);
    const right = Math.max(x, x + width);
    const row = rows[Number(props.index ?? 0)];
    const towardEnd = (row?.value ?? 0) >= 0 ? !rtl : rtl;
    return (
      <text
        x={towardEnd ? right + 6 : left - 6}
        y={y + height / 2}
        dominantBaseline="central"
        textAnchor={towardEnd ? 'start' : 'end'}
        className="bar-value"
        fontSize={12}
      >
        {row?.text}
      </text>
    );
  };
  return (
    <figure className="bar-chart" data-testid={testId}>
      <figcaption id={captionId}>
        <bdi>{title}</bdi>
      </figcaption>
      <div aria-hidden="true" className="bar-chart-drawing">
        <Chart
          layout="vertical"
          data={rows}
          responsive
          style={{ width: '100%', height: rows.length * rowHeight + 36 }}
          margin={{
            top: 4,
            right: rtl ? 8 : valueWidth,
            bottom: 4,
            left: rtl ? valueWidth : 8,
          }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            domain={domain}
            reversed={rtl}
            allowDecimals={false}
            tickFormatter={tick}
            ticks={axis}
            fontSize={12}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={labelWidth}
            orientation={rtl ? 'right' : 'left'}
            interval={0}
            fontSize={13}
          />
          <Bar dataKey="value" barSize={barSize} isAnimationActive={false}>
            {rows.map((row) => (
              <Cell key={row.label} className={row.value < 0 ? 'bar negative' : 'bar'} />
            ))}
            <LabelList dataKey="text" content={valueLabel} />
          </Bar>
        </Chart>
      </div>
      <table className="visually-hidden" aria-labelledby={captionId}>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
