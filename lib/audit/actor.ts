/**
 * Who acts, for the audit log: the customer themselves, or a staff member on their behalf (the staff
 * member's address and the note they gave). Domain operations take it optionally; without it the
 * customer acts.
 */
export type TAuditActor = { type: "customer" } | { type: "staff"; email: string; note: string };

/** The audit row's actor columns and the note to add to its data. */
export function auditActorOf(
  actor: TAuditActor | undefined,
  customerId: string,
): { actorType: "customer" | "staff"; actorId: string; note: { note?: string } } {
  if (actor?.type === "staff")
    return { actorType: "staff", actorId: actor.email, note: { note: actor.note } };
  return { actorType: "customer", actorId: customerId, note: {} };
}
