"use server";

import { getDb } from "@/lib/db";
import { customerAction } from "@/lib/actions/define-action";
import { withNotice } from "@/lib/actions/notice";
import { mailSettings } from "@/lib/email/settings";
import { LOST_ADDRESS_CODES } from "./errors";
import { requestLostAddress } from "./request-lost-address";
import { ZLostAddress } from "./schemas";

/** "I lost access to my old address": files the request for support and acknowledges it by mail. */
export const requestLostAddressAction = customerAction({
  registry: LOST_ADDRESS_CODES,
  schema: ZLostAddress,
  fieldOf: { SAME_ADDRESS: "oldEmail" },
  async run(input, { locale, actor }) {
    const result = await requestLostAddress(await getDb(), actor.id, input, mailSettings());
    return result.ok
      ? { ok: true, redirectTo: withNotice(`/${locale}/account/lost-address`, "SENT") }
      : result;
  },
});
