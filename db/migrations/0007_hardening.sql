ALTER TABLE "stripe_events" ADD COLUMN "outcome" text DEFAULT 'processed' NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "sensitive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Mails that carried a sign-in secret: marked, and those already sent (or given up) keep no secret.
UPDATE "mail_outbox" SET "sensitive" = true WHERE "template" IN ('sign-in', 'address-claim');--> statement-breakpoint
UPDATE "mail_outbox" SET "subject" = regexp_replace("subject", '\s*:\s*[A-Z0-9]{6}\s*$', '') WHERE "template" = 'sign-in';--> statement-breakpoint
UPDATE "mail_outbox"
  SET "text" = '[removed after sending: this mail carried a sign-in secret]',
      "html" = '[removed after sending: this mail carried a sign-in secret]'
  WHERE "sensitive" AND "status" <> 'pending';
