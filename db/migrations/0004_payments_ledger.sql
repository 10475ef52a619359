CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"currency" char(3) NOT NULL,
	"amount" integer NOT NULL,
	"tax" integer NOT NULL,
	"swap_id" uuid,
	"stripe_subscription_id" text,
	"stripe_checkout_session_id" text,
	"stripe_payment_intent_id" text,
	"stripe_charge_id" text,
	"stripe_invoice_id" text,
	"paid_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_kind" CHECK ("kind" IN ('purchase', 'renewal', 'swap_difference', 'plan_change', 'plan_credit')),
	CONSTRAINT "payments_currency" CHECK ("currency" ~ '^[a-z]{3}$'),
	CONSTRAINT "payments_amounts" CHECK ("payments"."amount" >= 0 AND "payments"."tax" >= 0 AND "payments"."tax" <= "payments"."amount")
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "payment_id" uuid;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "corrects_id" uuid;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "seller" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "lines" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "payment_method" jsonb;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "reverse_charge" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "supplied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_swap_id_swaps_id_fk" FOREIGN KEY ("swap_id") REFERENCES "public"."swaps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id","paid_at");--> statement-breakpoint
CREATE INDEX "payments_subscription_idx" ON "payments" USING btree ("stripe_subscription_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_order_payment_uq" ON "payments" USING btree ("order_id") WHERE "payments"."kind" IN ('purchase', 'renewal');--> statement-breakpoint
CREATE UNIQUE INDEX "payments_swap_uq" ON "payments" USING btree ("swap_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_payment_intent_uq" ON "payments" USING btree ("stripe_payment_intent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_stripe_invoice_uq" ON "payments" USING btree ("stripe_invoice_id","kind");--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_corrects_id_invoices_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_payment_uq" ON "invoices" USING btree ("payment_id") WHERE "invoices"."kind" = 'invoice';--> statement-breakpoint
-- Hand-written: the ledger starts with the payments already recorded (each order's own, each swap difference paid).
INSERT INTO "payments" ("order_id", "kind", "currency", "amount", "tax", "stripe_checkout_session_id", "stripe_payment_intent_id", "stripe_charge_id", "stripe_invoice_id", "paid_at")
SELECT "id", "kind", "currency", "total", "tax", "stripe_checkout_session_id", "stripe_payment_intent_id", "stripe_charge_id", "stripe_invoice_id", "paid_at" FROM "orders";--> statement-breakpoint
INSERT INTO "payments" ("order_id", "kind", "currency", "amount", "tax", "swap_id", "stripe_checkout_session_id", "paid_at")
SELECT oi."order_id", 'swap_difference', s."currency", s."difference", s."difference_tax", s."id", s."stripe_checkout_session_id", coalesce(s."completed_at", s."created_at")
FROM "swaps" s JOIN "order_items" oi ON oi."id" = s."order_item_id"
WHERE s."status" = 'completed' AND s."difference" > 0;
