ALTER TABLE "support_requests" ADD COLUMN "open_key" text;--> statement-breakpoint
-- Hand-written: the newest open request of each kind per order / per lost address takes the key;
-- older duplicates (filed before this migration) stay open, unkeyed, for support to decide.
UPDATE "support_requests" AS r SET "open_key" = k."key"
FROM (
  SELECT DISTINCT ON (x."key") x."id", x."key"
  FROM (
    SELECT "id", "created_at",
      CASE
        WHEN "kind" = 'refund_exception' AND "order_id" IS NOT NULL THEN 'refund_exception:' || "order_id"
        WHEN "kind" = 'lost_address' AND "customer_id" IS NOT NULL
          THEN 'lost_address:' || "customer_id" || ':' || lower(coalesce("details"->>'oldEmail', ''))
      END AS "key"
    FROM "support_requests" WHERE "status" = 'open'
  ) AS x
  WHERE x."key" IS NOT NULL
  ORDER BY x."key", x."created_at" DESC
) AS k
WHERE r."id" = k."id";--> statement-breakpoint
CREATE UNIQUE INDEX "support_requests_open_key_uq" ON "support_requests" USING btree ("open_key") WHERE "support_requests"."status" = 'open';--> statement-breakpoint
CREATE INDEX "support_requests_customer_idx" ON "support_requests" USING btree ("customer_id","created_at");