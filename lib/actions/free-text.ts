/**
 * Characters no person types into a form and that break what comes after (PostgreSQL refuses NUL in
 * text; control characters end up in mails, logs and Stripe metadata; bidirectional overrides make
 * text read differently from what it is): C0 controls except tab, line feed and carriage return,
 * DEL and the C1 controls, the bidi embeddings, overrides and isolates, byte-order marks and
 * noncharacters, and lone surrogates. Right-to-left scripts, the plain direction marks and emoji
 * are text like any other.
 */
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, "g");

export function hasForbiddenCharacters(value: string): boolean {
  return FORBIDDEN.test(value);
}

/** The text without them, to show a refused value again safely. */
export function withoutForbiddenCharacters(value: string): string {
  return value.replace(FORBIDDEN_ALL, "");
}
