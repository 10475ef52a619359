/**
 * A refund made outside the portal (the Stripe dashboard) names no items: it is split over the
 * order's items in proportion to what each can still give back, so the portal then offers exactly
 * the remainder (never the full price again) and an item counts as refunded in full once its
 * shares and the portal's refunds cover it. Whole cents: the rounding remainder goes to the items
 * with the largest fractional shares (ties: the earlier item). Never more than an item's remaining.
 */
export function allocateRefund(
  amount: number,
  items: readonly { id: string; remaining: number }[],
): { id: string; amount: number }[] {
  const open = items.filter((i) => i.remaining > 0);
  const capacity = open.reduce((n, i) => n + i.remaining, 0);
  if (amount <= 0 || capacity === 0) return [];
  if (amount >= capacity) return open.map((i) => ({ id: i.id, amount: i.remaining }));
  const shares = open.map((i, index) => {
    const exact = (amount * i.remaining) / capacity;
    return {
      id: i.id,
      index,
      amount: Math.floor(exact),
      fraction: exact - Math.floor(exact),
      cap: i.remaining,
    };
  });
  let left = amount - shares.reduce((n, s) => n + s.amount, 0);
  for (const s of [...shares].sort((a, b) => b.fraction - a.fraction || a.index - b.index)) {
    if (left === 0) break;
    if (s.amount < s.cap) {
      s.amount += 1;
      left -= 1;
    }
  }
  return shares.filter((s) => s.amount > 0).map((s) => ({ id: s.id, amount: s.amount }));
}
