// Sums a V8 heap snapshot (.heapsnapshot JSON) per constructor: object counts and shallow bytes.

export type TSnapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};
export type TTally = Map<string, { count: number; bytes: number }>;

/** Object count and shallow size per "type name" (an object's name is its constructor's). */
export function tally(snapshot: TSnapshot): TTally {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const out: TTally = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    // Strings and code are named by their content: sum them per type only.
    const byType =
      type === "string" || type === "concatenated string" || type === "sliced string" || type === "code";
    const key = byType
      ? `(${type})`
      : `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]!]!.slice(0, 80)}`;
    const t = out.get(key) ?? { count: 0, bytes: 0 };
    t.count += 1;
    t.bytes += snapshot.nodes[i + sizeAt]!;
    out.set(key, t);
  }
  return out;
}
