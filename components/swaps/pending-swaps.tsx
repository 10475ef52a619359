import { translator } from "@/lib/i18n/translations";
import { ActionForm } from "@/components/form/action-form";
import { Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import type { TLocale } from "@/lib/i18n/locale";
import { codeMessages } from "@/lib/i18n/code-messages";
import { formatMoney } from "@/lib/i18n/format";
import { cancelPendingSwapAction, payPendingSwapAction } from "@/lib/swaps/actions";
import { SWAP_CODES } from "@/lib/swaps/errors";
import type { TPendingSwap } from "@/lib/swaps/pending-swap";

/**
 * Swaps waiting for the customer's payment (a declined card, a closed tab): pay now (back to the
 * swap's Checkout Session) or cancel the swap (the item is free again, its key never changed).
 * Renders nothing when there are none.
 */
export function PendingSwaps({
  swaps,
  orderNumber,
  locale,
}: {
  swaps: TPendingSwap[];
  orderNumber: string;
  locale: TLocale;
}) {
  if (swaps.length === 0) return null;
  const t = translator({ locale, namespace: "swap" });
  const tForm = translator({ locale, namespace: "form" });
  const messages = {
    ...codeMessages(SWAP_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(SWAP_CODES.notices, (c) => t(`notices.${c}`)),
  };
  return (
    <section aria-labelledby="pending-swaps-title" id="pending-swaps" className="stack">
      <h2 id="pending-swaps-title">{t("pending.title")}</h2>
      {swaps.map((s) => {
        const amount = formatMoney(s.difference, s.currency, locale);
        return (
          <div key={s.id} className="card stack" data-swap-id={s.id}>
            <p>{t("pending.body", { from: s.fromName, to: s.toName, amount })}</p>
            <div className="row">
              <ActionForm id={`pay-swap-${s.id}`} action={payPendingSwapAction} messages={messages}>
                <Hidden name="orderNumber" value={orderNumber} />
                <Hidden name="swapId" value={s.id} />
                <SubmitButton pendingLabel={tForm("pending")}>{t("pending.payNow", { amount })}</SubmitButton>
              </ActionForm>
              <ActionForm id={`cancel-swap-${s.id}`} action={cancelPendingSwapAction} messages={messages}>
                <Hidden name="orderNumber" value={orderNumber} />
                <Hidden name="swapId" value={s.id} />
                <SubmitButton pendingLabel={tForm("pending")} variant="secondary">
                  {t("pending.cancel")}
                </SubmitButton>
              </ActionForm>
            </div>
            <p className="hint">{t("pending.hint")}</p>
          </div>
        );
      })}
    </section>
  );
}
