"use server";

import { z } from "zod";
import { getDb } from "@/lib/db";
import { customerAction } from "@/lib/actions/define-action";
import { withNotice } from "@/lib/actions/notice";
import { ZLocale } from "@/lib/auth/schemas";
import { mailSettings } from "@/lib/email/settings";
import { LICENSE_CODES } from "./errors";
import { regenerateLicenseKey } from "./regenerate-key";
import { resendKeys } from "./resend-keys";

/** Mails every active key to the signed-in customer's own address; the form carries no address. */
export const resendKeysAction = customerAction({
  registry: LICENSE_CODES,
  schema: z.object({ locale: ZLocale }),
  async run(_input, { actor }) {
    const result = await resendKeys(await getDb(), actor.id, mailSettings());
    if (result === "sent") return { ok: true, code: "KEYS_SENT" };
    return { ok: false, code: result === "rate-limited" ? "RATE_LIMITED" : "NO_ACTIVE_KEYS" };
  },
});

/** Replaces a key the customer fears leaked: a new key, the old one stops working. */
export const regenerateKeyAction = customerAction({
  registry: LICENSE_CODES,
  schema: z.object({ licenseId: z.uuid(), locale: ZLocale }),
  async run(input, { locale, actor }) {
    const result = await regenerateLicenseKey(await getDb(), actor.id, input.licenseId, mailSettings());
    if (!result.ok) return { ok: false, code: "NOT_FOUND" };
    return {
      ok: true,
      redirectTo: withNotice(`/${locale}/licenses#license-${result.newLicenseId}`, "KEY_REGENERATED"),
    };
  },
});
