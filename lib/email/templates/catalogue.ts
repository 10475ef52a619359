import type { TLocale } from "@/db/schema/shared";
import { routing } from "@/lib/i18n/routing";
import * as addressClaim from "./address-claim";
import * as delivery from "./delivery";
import * as invoiceCorrected from "./invoice-corrected";
import * as keys from "./keys";
import * as lostAddress from "./lost-address";
import * as payment from "./payment";
import * as refund from "./refund";
import * as renewal from "./renewal";
import * as renewalFailed from "./renewal-failed";
import { MAIL_SAMPLE_SETTINGS, mailSamples } from "./samples";
import * as signIn from "./sign-in";
import * as staff from "./staff";
import * as subscription from "./subscription";
import * as supportRequest from "./support-request";
import * as swap from "./swap";
import * as vatRefunded from "./vat-refunded";
import type { TMailContent, TMailSettings } from "./types";

type TTemplate = (locale: TLocale, data: never, settings: TMailSettings) => TMailContent;

const MODULES = [
  addressClaim,
  delivery,
  invoiceCorrected,
  keys,
  lostAddress,
  payment,
  refund,
  renewal,
  renewalFailed,
  signIn,
  staff,
  subscription,
  supportRequest,
  swap,
  vatRefunded,
];

/** Every mail template by its function name (templates.test.ts checks that none is missing here). */
export const MAIL_TEMPLATES: ReadonlyMap<string, TTemplate> = new Map(
  MODULES.flatMap((m) =>
    Object.entries(m as Record<string, unknown>).filter(
      (e): e is [string, TTemplate] => typeof e[1] === "function" && e[0].endsWith("Mail"),
    ),
  ),
);

export type TMailPreview = {
  id: string;
  template: string;
  locale: TLocale;
  subject: string;
  text: string;
  html: string;
};

/**
 * Every template rendered with its sample data in each language (the demo mailbox's previews):
 * ids like `signInMail-fr-0`.
 */
export function mailPreviews(settings: TMailSettings = MAIL_SAMPLE_SETTINGS): TMailPreview[] {
  return routing.locales.flatMap((locale) => {
    const samples = mailSamples(locale);
    return [...MAIL_TEMPLATES].flatMap(([template, render]) =>
      (samples[template] ?? []).map((data, n) => ({
        id: `${template}-${locale}-${n}`,
        template,
        locale,
        ...render(locale, data as never, settings),
      })),
    );
  });
}
