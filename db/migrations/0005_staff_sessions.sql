CREATE TABLE "staff_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_sessions_email_lower" CHECK ("staff_sessions"."email" = lower("staff_sessions"."email"))
);
--> statement-breakpoint
CREATE TABLE "staff_sign_in_codes" (
	"email" text PRIMARY KEY NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_sign_in_codes_email_lower" CHECK ("staff_sign_in_codes"."email" = lower("staff_sign_in_codes"."email")),
	CONSTRAINT "staff_sign_in_codes_attempts" CHECK ("staff_sign_in_codes"."attempts" >= 0)
);
--> statement-breakpoint
CREATE INDEX "staff_sessions_email_idx" ON "staff_sessions" USING btree ("email");