import { eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { mailOutbox } from "@/db/schema";
import {
  findStaffSession,
  redeemStaffCode,
  requestStaffSignIn,
  type TStaff,
} from "@/lib/staff/staff-sign-in";

export const TEST_STAFF_EMAILS = ["agent@lumen.test", "second@lumen.test"];
const SECRET = "test-secret-0123456789-0123456789";

/** A real staff session (the only way to get a TStaff): the mailed code, redeemed. */
export async function signInStaff(db: TDb, email = TEST_STAFF_EMAILS[0]!): Promise<TStaff> {
  const cfg = {
    secret: SECRET,
    mail: { vendorName: "Lumen", supportEmail: "help@lumen.test", portalUrl: "https://orders.lumen.test" },
    limitPerClient: 1000,
    staffEmails: TEST_STAFF_EMAILS,
  };
  await requestStaffSignIn(db, { email, clientKey: undefined, locale: "en" }, cfg);
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  // The code is in the body only (in the link), never in the subject.
  const code = /confirm\?code=([A-Z2-9]{6})&/.exec(mails.at(-1)!.text)![1]!;
  const r = await redeemStaffCode(db, { email, code }, cfg);
  if (!r.ok) throw new Error(r.code);
  return (await findStaffSession(db, r.token, TEST_STAFF_EMAILS))!;
}
