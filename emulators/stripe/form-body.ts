// Parses Stripe's form encoding (`metadata[k]=v`, `line_items[0][price]=p`, `expand[]=x`) into nested values.

export type FormValue = string | FormValue[] | FormObject;
export type FormObject = { [key: string]: FormValue };

type Tree = { [key: string]: Tree | string } & { __array_append__?: never };

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  re.lastIndex = open;
  let m: RegExpExecArray | null;
  let end = open;
  while ((m = re.exec(key)) && m.index === end) {
    parts.push(m[1] ?? "");
    end = re.lastIndex;
  }
  if (end !== key.length) return [key]; // malformed: keep the raw key
  return parts;
}

const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);

function insert(root: Tree, parts: string[], value: string): void {
  let node: Tree = root;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i] ?? "";
    if (UNSAFE.has(part)) return;
    const last = i === parts.length - 1;
    if (part === "") {
      // `a[]=x`: append at the next free integer index
      let n = 0;
      while (Object.prototype.hasOwnProperty.call(node, String(n))) n++;
      part = String(n);
    }
    if (last) {
      node[part] = value;
      return;
    }
    const next = node[part];
    if (typeof next === "object" && next !== null) {
      node = next;
    } else {
      const child: Tree = Object.create(null) as Tree;
      node[part] = child;
      node = child;
    }
  }
}

function normalize(node: Tree | string): FormValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalize(node[String(k)] as Tree | string));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = normalize(node[k] as Tree | string);
  return out;
}

export function parseForm(text: string): FormObject {
  const root: Tree = Object.create(null) as Tree;
  for (const [key, value] of new URLSearchParams(text)) insert(root, splitKey(key), value);
  const result = normalize(root);
  return typeof result === "object" && !Array.isArray(result) ? result : {};
}

/** Canonical JSON (sorted keys) used to compare the parameters of idempotent requests. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
