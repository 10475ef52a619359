/**
 * A cheap look at the Stripe-Signature header before the body is read: a timestamp within the
 * tolerance and at least one v1 signature of the right shape. The signature itself is checked by
 * the SDK over the body; this only spares reading a large body for a request that cannot pass.
 */
export function isPlausibleStripeSignature(
  header: string | null,
  nowSeconds: number,
  toleranceSeconds: number,
): boolean {
  if (!header || header.length > 2000) return false;
  const parts = header.split(",").map((p) => p.trim().split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const hasV1 = parts.some(([k, v]) => k === "v1" && /^[0-9a-f]{64}$/.test(v ?? ""));
  return Number.isInteger(t) && Math.abs(nowSeconds - t) <= toleranceSeconds && hasV1;
}
