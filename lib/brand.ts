/**
 * The vendor's colours, in one place: the pages (as CSS custom properties, set by the layout), the
 * favicon and logo, and the mails all read them. Both themes keep AA contrast for text on the accent
 * and for the accent as link colour on the background.
 */
export const BRAND = {
  light: { accent: "#0b57a4", accentFg: "#ffffff", accentSoft: "#e8f0fa" },
  dark: { accent: "#8ab4f8", accentFg: "#0b1b2e", accentSoft: "#1b2a3d" },
} as const;

/** The CSS custom properties of the brand, for both themes (the layout puts them in a <style>). */
export function brandCss(): string {
  const vars = (c: (typeof BRAND)["light" | "dark"]) =>
    `--accent:${c.accent};--accent-fg:${c.accentFg};--accent-soft:${c.accentSoft};`;
  return `:root{${vars(BRAND.light)}}@media (prefers-color-scheme: dark){:root{${vars(BRAND.dark)}}}`;
}

/** The vendor's mark: its initial on the accent colour (SVG, used as logo and favicon). */
export function logoSvg(name: string): string {
  const initial = (name.trim()[0] ?? "?").toUpperCase().replace(/[<>&"']/g, "");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">` +
    `<rect width="32" height="32" rx="8" fill="${BRAND.light.accent}"/>` +
    `<text x="16" y="22.5" text-anchor="middle" font-family="system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif" font-size="19" font-weight="700" fill="${BRAND.light.accentFg}">${initial}</text>` +
    `</svg>`
  );
}
