"use server";

import { getDb } from "@/lib/db";
import { customerAction } from "@/lib/actions/define-action";
import { mailSettings } from "@/lib/email/settings";
import { env } from "@/lib/env";
import { confirmAddressClaim } from "./confirm-address-claim";
import { ATTACH_CODES } from "./errors";
import { requestAddressClaim } from "./request-address-claim";
import { ZConfirmAddressClaim, ZRequestAddressClaim } from "./schemas";

/** "Changed e-mail", step one: mails a code to the other address, then shows the code step. */
export const requestAddressClaimAction = customerAction({
  registry: ATTACH_CODES,
  schema: ZRequestAddressClaim,
  fieldOf: { SAME_ADDRESS: "email" },
  async run(input, { locale, actor }) {
    const result = await requestAddressClaim(await getDb(), actor.id, input, {
      secret: env().authSecret,
      mail: mailSettings(),
    });
    return result.ok ? { ok: true, redirectTo: `/${locale}/account/attach?claim=${result.claimId}` } : result;
  },
});

/**
 * Step two: the typed code. The page shows the claim's state (attached, expired, locked); a typo
 * or a wrong code is answered beside the field, with the tries left.
 */
export const confirmAddressClaimAction = customerAction({
  registry: ATTACH_CODES,
  schema: ZConfirmAddressClaim,
  fieldOf: { WRONG_CODE: "code", CODE_FORMAT: "code" },
  async run(input, { locale, actor }) {
    const result = await confirmAddressClaim(await getDb(), actor.id, input, {
      secret: env().authSecret,
      mail: mailSettings(),
    });
    const page = `/${locale}/account/attach?claim=${input.claimId}`;
    if (result.ok) return { ok: true, redirectTo: page };
    if (result.code === "NOT_FOUND" || result.code === "WRONG_CODE" || result.code === "CODE_FORMAT")
      return { ok: false, code: result.code };
    // Used, locked or expired: the page itself says so.
    return { ok: true, redirectTo: page };
  },
});
