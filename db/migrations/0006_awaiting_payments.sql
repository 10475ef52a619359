CREATE TABLE "awaiting_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stripe_checkout_session_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"purchase_email" text NOT NULL,
	"status" text DEFAULT 'awaiting' NOT NULL,
	"currency" char(3) NOT NULL,
	"total" integer NOT NULL,
	"payment_method" jsonb,
	"description" text NOT NULL,
	"order_id" uuid,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "awaiting_payments_stripe_checkout_session_id_unique" UNIQUE("stripe_checkout_session_id"),
	CONSTRAINT "awaiting_payments_status" CHECK ("status" IN ('awaiting', 'paid', 'failed')),
	CONSTRAINT "awaiting_payments_currency" CHECK ("currency" ~ '^[a-z]{3}$'),
	CONSTRAINT "awaiting_payments_total" CHECK ("awaiting_payments"."total" >= 0)
);
--> statement-breakpoint
ALTER TABLE "awaiting_payments" ADD CONSTRAINT "awaiting_payments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awaiting_payments" ADD CONSTRAINT "awaiting_payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "awaiting_payments_customer_idx" ON "awaiting_payments" USING btree ("customer_id","created_at");