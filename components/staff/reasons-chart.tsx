import type { TSeries } from "@/lib/staff/reasons-policy";

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), then two more. */
const PALETTE = [
  "#E69F00",
  "#56B4E9",
  "#009E73",
  "#F0E442",
  "#0072B2",
  "#D55E00",
  "#CC79A7",
  "#7F7F7F",
  "#882255",
  "#44AA99",
];

type TProps = {
  id: string;
  title: string;
  /** One sentence for screen readers: what the chart shows; the table below has the numbers. */
  summary: string;
  weeks: { key: string; label: string }[];
  series: TSeries[];
  /** Every reason this kind of chart can show, in a fixed order: a reason keeps its colour. */
  allReasons: readonly string[];
  labelOf: (reason: string) => string;
  max: number;
  labels: { week: string; total: string; empty: string; table: string };
};

const W = 720;
const H = 240;
const PAD = { top: 12, right: 8, bottom: 40, left: 36 };

/**
 * Weekly counts per reason as stacked bars, drawn on the server as SVG (no script), named and
 * described for assistive technology, with the same numbers in a table below it.
 */
export function ReasonsChart(p: TProps) {
  const colourOf = (reason: string) => {
    const i = p.allReasons.indexOf(reason);
    return PALETTE[(i < 0 ? p.allReasons.length : i) % PALETTE.length]!;
  };
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, p.weeks.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (n: number) => PAD.top + plotH - (n / p.max) * plotH;
  const ticks = [0, Math.ceil(p.max / 2), p.max].filter((v, i, a) => a.indexOf(v) === i);
  // Every week's label when there is room, else every n-th.
  const every = Math.ceil(p.weeks.length / 12);
  return (
    <section className="stack" aria-labelledby={`${p.id}-title`}>
      <h2 id={`${p.id}-title`}>{p.title}</h2>
      {p.series.length === 0 ? (
        <p>{p.labels.empty}</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${W} ${H}`}
            role="img"
            aria-labelledby={`${p.id}-svg-title ${p.id}-svg-desc`}
            className="chart"
            width="100%"
          >
            <title id={`${p.id}-svg-title`}>{p.title}</title>
            <desc id={`${p.id}-svg-desc`}>{p.summary}</desc>
            {ticks.map((v) => (
              <g key={v}>
                <line
                  x1={PAD.left}
                  x2={W - PAD.right}
                  y1={y(v)}
                  y2={y(v)}
                  stroke="currentColor"
                  strokeOpacity={0.2}
                />
                <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize={12} fill="currentColor">
                  {v}
                </text>
              </g>
            ))}
            {p.weeks.map((w, i) => {
              let base = 0;
              const x = PAD.left + i * slot + (slot - barW) / 2;
              return (
                <g key={w.key}>
                  {p.series.map((s) => {
                    const n = s.counts[i] ?? 0;
                    if (n === 0) return null;
                    const top = y(base + n);
                    const height = y(base) - top;
                    base += n;
                    return (
                      <rect
                        key={s.reason}
                        x={x}
                        y={top}
                        width={barW}
                        height={height}
                        fill={colourOf(s.reason)}
                      />
                    );
                  })}
                  {i % every === 0 ? (
                    <text
                      x={x + barW / 2}
                      y={H - PAD.bottom + 16}
                      textAnchor="middle"
                      fontSize={11}
                      fill="currentColor"
                    >
                      {w.label}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
          <ul className="chart-legend">
            {p.series.map((s) => (
              <li key={s.reason}>
                <svg width="12" height="12" aria-hidden="true" focusable="false">
                  <rect width="12" height="12" fill={colourOf(s.reason)} />
                </svg>{" "}
                {p.labelOf(s.reason)} ({s.total})
              </li>
            ))}
          </ul>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={p.labels.table}>
            <table>
              <caption>{p.labels.table}</caption>
              <thead>
                <tr>
                  <th scope="col">{p.labels.week}</th>
                  {p.series.map((s) => (
                    <th scope="col" key={s.reason}>
                      {p.labelOf(s.reason)}
                    </th>
                  ))}
                  <th scope="col">{p.labels.total}</th>
                </tr>
              </thead>
              <tbody>
                {p.weeks.map((w, i) => (
                  <tr key={w.key}>
                    <th scope="row">{w.label}</th>
                    {p.series.map((s) => (
                      <td key={s.reason}>{s.counts[i] ?? 0}</td>
                    ))}
                    <td>{p.series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
