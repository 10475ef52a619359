import { BRAND } from "@/lib/brand";

/** The vendor's mark beside its name (decorative: the name is the link's text). */
export function Logo({ name }: { name: string }) {
  const initial = (name.trim()[0] ?? "?").toUpperCase();
  return (
    <svg className="logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill={BRAND.light.accent} />
      <text x="16" y="22.5" textAnchor="middle" fontSize="19" fontWeight="700" fill={BRAND.light.accentFg}>
        {initial}
      </text>
    </svg>
  );
}
