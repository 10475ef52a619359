import { isWithinRefundWindow } from "@/lib/refunds/refund-policy";
import { EU_COUNTRIES } from "./vat";

/** Stripe's verification of a tax ID (VIES for `eu_vat`). */
export type TTaxIdStatus = "pending" | "verified" | "unverified" | "unavailable";

/** Why an order's VAT is not given back, one line on the order page each. */
export const VAT_BACK_REFUSALS = [
  "CONSUMER",
  "NO_VAT",
  "SAME_COUNTRY",
  "OUTSIDE_EU",
  "ALREADY_REFUNDED",
  "PENDING",
  "UNVERIFIED",
  "WINDOW_CLOSED",
] as const;
export type TVatBackRefusal = (typeof VAT_BACK_REFUSALS)[number];

export type TVatBackFacts = {
  seller: { country: string };
  /** The buyer as on the invoice in force. */
  buyer: { country?: string | null; vatId?: string | null };
  /** VAT charged on that invoice. */
  tax: number;
  /** Stripe's verification of the buyer's VAT ID; null when the portal has not registered it. */
  verification: TTaxIdStatus | null;
  /** The order's payment (the refund window counts from it). */
  paidAt: Date;
  /** When the verification came back (Stripe's event); while it is pending, now. */
  at: Date;
  /** Money already refunded or on its way on the order: its invoice is no longer whole. */
  hasRefunds: boolean;
};

/**
 * VAT back for a verified business buyer (Art. 196 of Directive 2006/112/EC: a business buyer in
 * another member state accounts for the VAT itself). The order becomes reverse-charge, and the VAT
 * charged goes back, when the buyer has a VAT ID, is in another EU country than the seller, VAT was
 * charged, nothing has been refunded on the order, Stripe verified the VAT ID, and that happened
 * within the refund window of the order's payment. Otherwise the first reason that applies.
 */
export function vatBackDecision(f: TVatBackFacts): { ok: true } | { ok: false; reason: TVatBackRefusal } {
  const no = (reason: TVatBackRefusal) => ({ ok: false as const, reason });
  const buyerCountry = f.buyer.country?.toUpperCase() ?? "";
  const sellerCountry = f.seller.country.toUpperCase();
  if (!f.buyer.vatId) return no("CONSUMER");
  if (f.tax <= 0) return no("NO_VAT");
  if (buyerCountry === sellerCountry) return no("SAME_COUNTRY");
  if (!EU_COUNTRIES.has(buyerCountry) || !EU_COUNTRIES.has(sellerCountry)) return no("OUTSIDE_EU");
  if (f.hasRefunds) return no("ALREADY_REFUNDED");
  if (f.verification === "unverified") return no("UNVERIFIED");
  if (!isWithinRefundWindow(f.paidAt, f.at)) return no("WINDOW_CLOSED");
  if (f.verification !== "verified") return no("PENDING");
  return { ok: true };
}

/**
 * How much VAT each item gives back: its own VAT, adjusted so the shares add up to what the
 * invoice charged (Stripe's rounding), the rounding difference on the last item.
 */
export function vatShares(
  tax: number,
  items: readonly { id: string; tax: number }[],
): { id: string; amount: number }[] {
  const shares = items.filter((i) => i.tax > 0).map((i) => ({ id: i.id, amount: i.tax }));
  const sum = shares.reduce((n, s) => n + s.amount, 0);
  const last = shares.at(-1);
  if (!last) return [];
  last.amount += tax - sum;
  return shares.filter((s) => s.amount > 0);
}
