import { connection } from "next/server";
import { sql } from "./db";

type TRow = { n: number; label: string; at: Date };

/** The bare dynamic page: one query, a 10-row table, rendered on every request. */
export default async function BarePage() {
  await connection();
  const rows = await sql()<TRow[]>`
    SELECT g AS n, md5(g::text) AS label, now() - g * interval '1 day' AS at
    FROM generate_series(1, 10) AS g`;
  return (
    <main>
      <h1>Orders</h1>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Label</th>
            <th>Date</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.n}>
              <td>{r.n}</td>
              <td>{r.label}</td>
              <td>{r.at.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
