CREATE TABLE "tax_ids" (
	"stripe_tax_id" text PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"value" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_ids_status" CHECK ("status" IN ('pending', 'verified', 'unverified', 'unavailable'))
);
--> statement-breakpoint
ALTER TABLE "order_events" DROP CONSTRAINT "order_events_type";--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_source";--> statement-breakpoint
ALTER TABLE "tax_ids" ADD CONSTRAINT "tax_ids_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tax_ids_customer_value_idx" ON "tax_ids" USING btree ("customer_id","value");--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_type" CHECK ("type" IN ('paid', 'renewed', 'keys_resent', 'key_regenerated', 'refund_requested', 'refunded', 'refund_failed', 'swapped', 'subscription_cancelled', 'subscription_resumed', 'subscription_ended', 'disputed', 'dispute_won', 'dispute_lost', 'invoice_corrected', 'attached', 'vat_refunded'));--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_source" CHECK ("source" IN ('portal', 'stripe_dashboard', 'swap', 'support', 'vat_back'));