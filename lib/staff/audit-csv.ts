/**
 * The audit log as CSV (RFC 4180: every field quoted, quotes doubled, CRLF between records), safe to
 * open in a spreadsheet: a field that a spreadsheet would read as a formula (starting with =, +, -,
 * @, a tab or a carriage return) is prefixed with an apostrophe, as OWASP's CSV-injection guidance
 * says, so a note typed by anyone is shown, never run.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: unknown): string {
  let text =
    value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
