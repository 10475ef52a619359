import { createHash, randomInt } from "node:crypto";

/** Six characters without look-alikes (no 0/O, 1/I/L): read on one device, typed on another. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 6;

/** A repeat of the same request within this time (a double click) acts once. */
export const SIGN_IN_BURST_SECONDS = 3;
/** A link or code lives ten minutes. */
export const SIGN_IN_TTL_SECONDS = 600;
/** Wrong codes typed for one address before its code is void. */
export const MAX_CODE_ATTEMPTS = 5;

export function generateSignInCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What a typed code becomes: upper case, spaces and dashes removed; null when it cannot be a code. */
export function normalizeSignInCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`).test(code) ? code : null;
}

/** Auth.js stores sha256(token + secret) in hex; only this hash is kept. */
export function hashSignInToken(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex");
}

/** E-mail addresses are compared in lower case, trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
