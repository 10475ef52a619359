import { randomInt } from "node:crypto";

/** No 0/O, 1/I/L: keys are read aloud and typed by hand. 31 symbols. */
export const KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const GROUPS = 5;
const GROUP_LENGTH = 5;

/** A new license key, `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`, from a CSPRNG (about 124 bits). */
export function generateLicenseKey(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

export const LICENSE_KEY_PATTERN = new RegExp(`^[${KEY_ALPHABET}]{5}(?:-[${KEY_ALPHABET}]{5}){4}$`);

/** Shows only the last group until the customer reveals the key. */
export function maskLicenseKey(key: string): string {
  return key.replace(/[^-](?=.*-)/g, "•");
}
