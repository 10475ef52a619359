/** What a yearly plan's change did to the money, from the invoice Stripe booked for it. */
export type TPlanChangeEntry = { kind: "plan_change" | "plan_credit"; amount: number; tax: number };

/**
 * The ledger entries of a plan change's invoice (`billing_reason:
 * subscription_update`): what the card paid (`amount_paid`, after any credit
 * the customer already had), or, for a negative total, the credit Stripe put
 * on the customer's balance. Tax is the invoice's, in the same share;
 * amounts are in the minor unit, tax never above the amount.
 */
export function planChangeEntries(invoice: TInvoiceMoney): TPlanChangeEntry[] {
  const paid = cardPaid(invoice);
  if (paid) return [{ kind: "plan_change", ...paid }];
  if (invoice.total < 0)
    return [{ kind: "plan_credit", amount: -invoice.total, tax: clamp(-invoice.tax, -invoice.total) }];
  return [];
}

type TInvoiceMoney = { total: number; amountPaid: number; tax: number };
const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));

/**
 * What the card paid of a subscription invoice (`amount_paid`: its total less
 * any credit on the customer's balance), with the invoice's tax in the same
 * share; null when the card paid nothing.
 */
export function cardPaid({ total, amountPaid, tax }: TInvoiceMoney): { amount: number; tax: number } | null {
  if (amountPaid <= 0) return null;
  const share = total > 0 ? Math.round((tax * amountPaid) / total) : 0;
  return { amount: amountPaid, tax: clamp(share, amountPaid) };
}
