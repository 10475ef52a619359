import type { TSellerDetails } from "@/db/schema";
import type { TMailSettings } from "@/lib/email/templates/types";

/** The demo vendor, when the settings name no seller (tests, a bare demo). */
const DEMO_SELLER = {
  name: "Lumen Softworks SAS",
  addressLines: ["12 rue des Exemples", "75011 Paris"],
  country: "FR",
  vatId: "FR40303265045",
};

/** The seller printed on a document, from the settings every webhook and action already carries. */
export function sellerFrom(mail: TMailSettings): TSellerDetails {
  return { ...(mail.seller ?? DEMO_SELLER), email: mail.supportEmail };
}
