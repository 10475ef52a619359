import { z } from "zod";
import { FAQ_TAGS, type TFaqEntry } from "./faq-types";

/**
 * Format of a content/faq/<locale>.md file:
 *
 *   free text (ignored) until the first `---` line
 *   ---
 *   id: refund-policy
 *   tags: refund, invoice
 *   question: What is your refund policy?
 *   ---
 *   Markdown answer (no `---` lines inside)
 *
 *   ---
 *   id: next-entry
 *   ...
 */

export const FAQ_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const HEADER_KEYS = ["id", "tags", "question"] as const;
type THeaderKey = (typeof HEADER_KEYS)[number];

const faqEntrySchema = z.object({
  id: z
    .string({ error: "missing id" })
    .regex(FAQ_ID_PATTERN, { error: "id must be lowercase kebab-case (a-z, 0-9, single hyphens)" }),
  tags: z
    .array(
      z.enum(FAQ_TAGS, {
        error: (issue) => `unknown tag "${String(issue.input)}" (allowed: ${FAQ_TAGS.join(", ")})`,
      }),
    )
    .min(1, { error: "at least one tag is required" })
    .refine((tags) => new Set(tags).size === tags.length, { error: "a tag is listed twice" }),
  question: z.string({ error: "missing question" }).min(1, { error: "question is empty" }),
  answer: z.string().min(1, { error: "answer is empty (write the answer below the closing --- line)" }),
});

const SEPARATOR = "---";

function isSeparator(line: string): boolean {
  return line.trim() === SEPARATOR;
}

function isHeaderKey(key: string): key is THeaderKey {
  return (HEADER_KEYS as readonly string[]).includes(key);
}

function fail(where: string, message: string): never {
  throw new Error(`FAQ ${where}: ${message}`);
}

function describe(id: string | undefined, line: number): string {
  return id === undefined ? `entry at line ${line}` : `entry "${id}" (line ${line})`;
}

/** Removes blank lines at both ends and trailing spaces on each line. */
function trimBlock(lines: readonly string[]): string {
  const trimmed = lines.map((line) => line.trimEnd());
  let start = 0;
  let end = trimmed.length;
  while (start < end && trimmed[start] === "") start++;
  while (end > start && trimmed[end - 1] === "") end--;
  return trimmed.slice(start, end).join("\n");
}

/**
 * Parses an FAQ file into its entries, in file order.
 * Throws an Error naming the entry (id and/or line) on any malformed content.
 */
export function parseFaq(source: string): TFaqEntry[] {
  const lines = source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  const entries: TFaqEntry[] = [];
  const seenIds = new Map<string, number>();

  let i = lines.findIndex(isSeparator);
  if (i === -1) return entries;

  while (i < lines.length) {
    // lines[i] is an opening separator.
    const headerLine = i + 1; // 1-based line number of the opening `---`
    const header: Partial<Record<THeaderKey, string>> = {};
    i++;
    let closed = false;
    for (; i < lines.length; i++) {
      const raw = lines[i] ?? "";
      const lineNo = i + 1;
      if (isSeparator(raw)) {
        closed = true;
        i++;
        break;
      }
      if (raw.trim() === "") continue;
      const colon = raw.indexOf(":");
      if (colon === -1) {
        fail(
          describe(header.id, headerLine),
          `line ${lineNo}: expected "key: value" in the header, got "${raw.trim().slice(0, 60)}"` +
            ` (is there a --- line inside the answer above? It starts a new entry)`,
        );
      }
      const key = raw.slice(0, colon).trim();
      const value = raw.slice(colon + 1).trim();
      if (!isHeaderKey(key)) {
        fail(
          describe(header.id, headerLine),
          `line ${lineNo}: unknown header key "${key}" (allowed: ${HEADER_KEYS.join(", ")})`,
        );
      }
      if (header[key] !== undefined) {
        fail(describe(header.id, headerLine), `line ${lineNo}: "${key}" is given twice`);
      }
      header[key] = value;
    }
    if (!closed) {
      fail(describe(header.id, headerLine), "the header is not closed by a --- line");
    }

    const answerLines: string[] = [];
    while (i < lines.length && !isSeparator(lines[i] ?? "")) {
      answerLines.push(lines[i] ?? "");
      i++;
    }

    const candidate = {
      id: header.id,
      tags:
        header.tags === undefined
          ? undefined
          : header.tags
              .split(",")
              .map((tag) => tag.trim())
              .filter((tag) => tag !== ""),
      question: header.question,
      answer: trimBlock(answerLines),
    };
    const result = faqEntrySchema.safeParse(candidate);
    if (!result.success) {
      // Every message names its field, so the issue path is not repeated.
      const problems = result.error.issues.map((issue) => issue.message).join("; ");
      fail(describe(header.id, headerLine), problems);
    }
    const entry = result.data;
    const firstLine = seenIds.get(entry.id);
    if (firstLine !== undefined) {
      fail(describe(entry.id, headerLine), `duplicate id, already used by the entry at line ${firstLine}`);
    }
    seenIds.set(entry.id, headerLine);
    entries.push(entry);
  }

  return entries;
}
