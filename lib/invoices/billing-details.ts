import { checkVAT, countries } from "jsvat";
import type { TBillingDetails } from "@/db/schema";
import { EU_COUNTRIES } from "./vat";

/** The VAT prefix of a member state (Greece's is EL, not its ISO code GR). */
export const vatPrefixOf = (country: string) => (country === "GR" ? "EL" : country);

export type TVatIdCheck =
  { ok: true; value: string } | { ok: false; code: "VAT_ID_INVALID" | "VAT_ID_COUNTRY" };

/**
 * A VAT ID as typed, for the buyer's country: spaces, dots and dashes dropped, upper case, the
 * country's prefix added when left out; then format and checksum per member state (jsvat, offline).
 * A VAT ID of another state than the billing country, or for a country outside the EU, is refused.
 */
export function checkVatId(country: string, typed: string): TVatIdCheck {
  if (!EU_COUNTRIES.has(country)) return { ok: false, code: "VAT_ID_COUNTRY" };
  const prefix = vatPrefixOf(country);
  let value = typed.toUpperCase().replace(/[\s.\-/]/g, "");
  if (/^\d/.test(value)) value = prefix + value;
  if (/^[A-Z]{2}/.test(value) && value.slice(0, 2) !== prefix) return { ok: false, code: "VAT_ID_COUNTRY" };
  const result = checkVAT(value, countries);
  if (!result.isValid) return { ok: false, code: "VAT_ID_INVALID" };
  return { ok: true, value: result.value ?? value };
}

/**
 * A reverse-charge invoice (its VAT was given back) stays reverse-charge: the new details keep its
 * VAT ID and country (a company name or address may change). Anything else would need the VAT
 * charged again, which support handles, not the form.
 */
export function keepsReverseCharge(
  old: { reverseCharge: boolean; billing: TBillingDetails },
  next: TBillingDetails,
): boolean {
  if (!old.reverseCharge) return true;
  return (
    (old.billing.vatId ?? "") === (next.vatId ?? "") &&
    (old.billing.country ?? "").toUpperCase() === (next.country ?? "").toUpperCase()
  );
}

/** The same details, compared as printed (no change means no corrected invoice). */
export function sameBilling(a: TBillingDetails, b: TBillingDetails): boolean {
  const norm = (d: TBillingDetails) =>
    JSON.stringify([
      d.name ?? "",
      d.companyName ?? "",
      (d.addressLines ?? []).join("\n"),
      d.country ?? "",
      d.vatId ?? "",
    ]);
  return norm(a) === norm(b);
}
