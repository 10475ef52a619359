/** The tags an FAQ entry may carry: one per portal flow, plus `general` for entries that belong to no flow. */
export const FAQ_TAGS = [
  "sign-in",
  "licenses",
  "refund",
  "subscription",
  "swap",
  "invoice",
  "payment",
  "general",
] as const;

export type TFaqTag = (typeof FAQ_TAGS)[number];

/** The tags that stand for a portal flow (every tag but `general`). */
export const FAQ_FLOW_TAGS = FAQ_TAGS.filter((tag): tag is Exclude<TFaqTag, "general"> => tag !== "general");

export type TFaqFlowTag = (typeof FAQ_FLOW_TAGS)[number];

export type TFaqEntry = {
  /** Stable lowercase kebab-case id, also used as the page anchor. */
  id: string;
  tags: TFaqTag[];
  /** Plain text. */
  question: string;
  /** Markdown. May contain the `{vendorName}` and `{supportEmail}` placeholders. */
  answer: string;
};

export function isFaqTag(value: string): value is TFaqTag {
  return (FAQ_TAGS as readonly string[]).includes(value);
}
