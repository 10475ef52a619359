/**
 * A step of the cancel flow with the customer's answer in the query, so the
 * answer is shown again after an error or to be changed (the flow works
 * without JavaScript: step one is a GET form to the confirm step).
 */
export function cancelStepUrl(
  locale: string,
  id: string,
  step: "cancel" | "cancel/confirm",
  answer: { reason?: string | null; comment?: string | null },
  error?: string,
): string {
  const q = new URLSearchParams();
  if (answer.reason) q.set("reason", answer.reason);
  if (answer.comment) q.set("comment", answer.comment);
  if (error) q.set("error", error);
  const query = q.toString();
  return `/${locale}/subscriptions/${id}/${step}${query ? `?${query}` : ""}`;
}
