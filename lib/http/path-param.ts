import { hasForbiddenCharacters } from "@/lib/actions/free-text";

/**
 * A URL segment as text, or null for one no link of the portal makes: malformed percent-encoding
 * (which would throw), control characters such as NUL (which PostgreSQL refuses), or too long.
 * Pages answer null with their 404.
 */
export function pathParam(raw: string, maxLength = 40): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.length > maxLength || hasForbiddenCharacters(decoded)) return null;
  return decoded;
}
