/** One line of an order's money: a payment, a refund or a credit. */
export type TLedgerEntry = {
  kind:
    | "purchase"
    | "renewal"
    | "swap_difference"
    | "plan_change"
    | "plan_credit"
    | "refund_portal"
    | "refund_stripe_dashboard"
    | "refund_swap"
    | "refund_support"
    | "refund_vat_back";
  /** Always positive; the kind says which way the money went. */
  amount: number;
  currency: string;
  at: Date;
  /** A refund still on its way (counted once Stripe says it succeeded). */
  pending?: boolean;
  /** The order the entry is recorded on, when it is another one (a renewal). */
  orderNumber?: string;
  /** The document issued for it, if any. */
  document?: { id: string; number: string } | null;
};

export type TLedgerTotals = {
  currency: string;
  paid: number;
  refunded: number;
  credited: number;
  net: number;
};

const isRefund = (k: TLedgerEntry["kind"]) => k.startsWith("refund_");

/**
 * "Paid − refunded = net" per currency. Credits Stripe booked to the
 * customer's balance are shown beside it, not counted as money back; pending
 * refunds count once they have succeeded.
 */
export function ledgerTotals(entries: readonly TLedgerEntry[]): TLedgerTotals[] {
  const by = new Map<string, TLedgerTotals>();
  for (const e of entries) {
    const t = by.get(e.currency) ?? { currency: e.currency, paid: 0, refunded: 0, credited: 0, net: 0 };
    if (e.kind === "plan_credit") t.credited += e.amount;
    else if (isRefund(e.kind)) {
      if (!e.pending) t.refunded += e.amount;
    } else t.paid += e.amount;
    t.net = t.paid - t.refunded;
    by.set(e.currency, t);
  }
  return [...by.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Entries oldest first; on the same instant a payment before its refund. */
export function sortLedger(entries: readonly TLedgerEntry[]): TLedgerEntry[] {
  return [...entries].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || Number(isRefund(a.kind)) - Number(isRefund(b.kind)),
  );
}
