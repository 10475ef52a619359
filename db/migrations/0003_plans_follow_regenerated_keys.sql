-- A yearly plan whose key was regenerated before plans followed their key: point the plan at the
-- key that replaced it (following every regeneration), and give that key the plan's paid period.
WITH RECURSIVE chain AS (
  SELECT s.id AS subscription_id, l.id AS license_id, l.replaced_by_id, 0 AS depth
  FROM subscriptions s
  JOIN licenses l ON l.id = s.license_id
  WHERE l.status = 'revoked' AND l.revoked_reason = 'regenerated' AND l.replaced_by_id IS NOT NULL
  UNION ALL
  SELECT c.subscription_id, n.id, n.replaced_by_id, c.depth + 1
  FROM chain c
  JOIN licenses n ON n.id = c.replaced_by_id
  WHERE c.depth < 1000
),
latest AS (
  SELECT DISTINCT ON (subscription_id) subscription_id, license_id
  FROM chain
  ORDER BY subscription_id, depth DESC
)
UPDATE subscriptions s
SET license_id = latest.license_id, updated_at = now()
FROM latest
WHERE s.id = latest.subscription_id;
--> statement-breakpoint
UPDATE licenses l
SET expires_at = s.current_period_end
FROM subscriptions s
WHERE s.license_id = l.id
  AND l.status = 'active'
  AND s.status IN ('active', 'trialing', 'past_due')
  AND l.expires_at < s.current_period_end;
