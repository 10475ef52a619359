// Typed access to parsed form parameters, failing with Stripe's parameter errors.
import { invalidParam, missingParam } from "./errors";
import type { FormObject, FormValue } from "./form-body";

// local@domain.tld: no spaces, one @, a dot in the domain, no empty labels.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

function oneOfList(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")}, or ${values[values.length - 1]}`;
}

export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** A scalar string; `undefined` when absent. */
  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string")
      throw invalidParam(`Invalid string: ${JSON.stringify(v)}`, this.name(key), "parameter_invalid_string");
    return v;
  }

  reqStr(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === "") throw missingParam(this.name(key));
    return v;
  }

  /** Empty string means "unset" in Stripe's encoding: returns null then. */
  emptyableStr(key: string): string | null | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    return v === "" ? null : v;
  }

  /** An e-mail address of valid shape, as Stripe checks it (`email_invalid`); empty string stays empty. */
  email(key: string): string | undefined {
    const v = this.str(key);
    if (v === undefined || v === "") return v;
    if (v.length > 512 || !EMAIL.test(v))
      throw invalidParam(`Invalid email address: ${v}`, this.name(key), "email_invalid");
    return v;
  }

  int(key: string): number | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
      throw invalidParam(`Invalid integer: ${v}`, this.name(key), "parameter_invalid_integer");
    }
    return Number(v);
  }

  posInt(key: string, allowZero = false): number | undefined {
    const n = this.int(key);
    if (n === undefined) return undefined;
    if (n < 0 || (!allowZero && n === 0)) {
      throw invalidParam(
        allowZero ? "Invalid non-negative integer" : "Invalid positive integer",
        this.name(key),
        "parameter_invalid_integer",
      );
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalidParam(`Invalid boolean: ${v}`, this.name(key));
  }

  enumStr<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) {
      throw invalidParam(`Invalid ${this.name(key)}: must be one of ${oneOfList(values)}`, this.name(key));
    }
    return v as T;
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === "") return new Params({}, this.name(key));
    if (typeof v !== "object" || Array.isArray(v))
      throw invalidParam(`Invalid object`, this.name(key), "parameter_invalid_object");
    return new Params(v, this.name(key));
  }

  /** Array of objects (`items[0][price]=...`). */
  objArray(key: string): Params[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === "") return [];
    if (!Array.isArray(v)) throw invalidParam(`Invalid array`, this.name(key), "parameter_invalid_array");
    return v.map((item, i) => {
      if (typeof item !== "object" || Array.isArray(item)) {
        throw invalidParam(`Invalid object`, `${this.name(key)}[${i}]`, "parameter_invalid_object");
      }
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  /** Array of strings (`expand[]=a`, `lookup_keys[0]=x`); a single string counts as one element. */
  strArray(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v === "string") return v === "" ? [] : [v];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
      throw invalidParam(`Invalid array`, this.name(key), "parameter_invalid_array");
    }
    return v as string[];
  }

  /**
   * Metadata as Stripe merges it: returns the updates, where a null value deletes a key;
   * `metadata=` (empty) clears everything (returned as "clear").
   */
  metadata(key = "metadata"): Record<string, string | null> | "clear" | undefined {
    const v: FormValue | undefined = this.raw[key];
    if (v === undefined) return undefined;
    if (v === "") return "clear";
    if (typeof v !== "object")
      throw invalidParam("Invalid object", this.name(key), "parameter_invalid_object");
    const out: Record<string, string | null> = {};
    const entries: [string, FormValue][] = Array.isArray(v)
      ? v.map((x, i) => [String(i), x])
      : Object.entries(v);
    if (entries.length > 50) throw invalidParam("Metadata can have up to 50 keys.", this.name(key));
    for (const [k, val] of entries) {
      if (typeof val !== "string") throw invalidParam("Invalid metadata value", `${this.name(key)}[${k}]`);
      if (k.length > 40)
        throw invalidParam(`Metadata key length can't exceed 40 characters`, `${this.name(key)}[${k}]`);
      if (val.length > 500)
        throw invalidParam(`Metadata values can have up to 500 characters`, `${this.name(key)}[${k}]`);
      out[k] = val === "" ? null : val;
    }
    return out;
  }

  expand(): string[] {
    return this.strArray("expand") ?? [];
  }
}

/** Applies a metadata update from `Params.metadata` onto existing metadata. */
export function applyMetadata(
  current: Record<string, string> | null | undefined,
  update: Record<string, string | null> | "clear" | undefined,
): Record<string, string> {
  const base = { ...(current ?? {}) };
  if (update === undefined) return base;
  if (update === "clear") return {};
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete base[k];
    else base[k] = v;
  }
  return base;
}
