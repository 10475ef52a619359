import "server-only";
import Stripe from "stripe";
import { applyTaxIdVerification } from "@/lib/invoices/vat-back";
import { sellerFrom } from "@/lib/invoices/seller";
import type { TTaxIdStatus } from "@/lib/invoices/vat-back-policy";
import { idOf } from "../stripe-mapping";
import type { TWebhookHandler } from "../webhook-types";

/**
 * `customer.tax_id.updated`: Stripe heard back from the tax authority about a VAT ID. The tax ID
 * is read again from Stripe (events may come late or out of order: the current state decides), its
 * verification recorded, and a verified VAT ID of a buyer in another EU country turns the orders it
 * is on into reverse-charge ones, with their VAT refunded (lib/invoices/vat-back.ts), judged at the
 * event's time. A tax ID deleted since, or on a customer the portal does not know, changes nothing.
 */
export const customerTaxIdUpdated: TWebhookHandler<Stripe.TaxId | null> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.TaxId;
    const customer = idOf(sent.customer);
    if (!customer) return null;
    try {
      return await stripe.customers.retrieveTaxId(customer, sent.id);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing")
        return null;
      throw error;
    }
  },

  async apply(tx, event, taxId, ctx) {
    const customer = idOf(taxId?.customer);
    if (!taxId || !customer || taxId.type !== "eu_vat") return;
    await applyTaxIdVerification(
      tx,
      {
        stripeTaxId: taxId.id,
        stripeCustomerId: customer,
        value: taxId.value,
        status: (taxId.verification?.status ?? "pending") as TTaxIdStatus,
        at: new Date(event.created * 1000),
      },
      sellerFrom(ctx.mail),
    );
  },
};
