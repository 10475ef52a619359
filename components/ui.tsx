import type { ReactNode } from "react";
import { formatMoney } from "@/lib/i18n/format";
import type { TLocale } from "@/lib/i18n/locale";

// The portal's shared parts: pages compose these instead of writing the markup by hand, so every
// page looks and behaves the same (styles in app/globals.css, colours from lib/brand.ts).

/** The page's title (the one h1) with its lead sentence, and optional actions beside it. */
export function PageHeader({
  title,
  lead,
  children,
}: {
  title: ReactNode;
  lead?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </div>
  );
}

/** A framed group: a record in a list of records (as="li"), or a panel. */
export function Card({
  as: Tag = "div",
  id,
  className,
  children,
}: {
  as?: "div" | "li" | "section";
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Tag id={id} className={className ? `card ${className}` : "card"}>
      {children}
    </Tag>
  );
}

export type TTone = "ok" | "warn" | "danger" | "muted";
// The classes the badge has always had (e2e selectors use `.badge.active`).
const TONE_CLASS: Record<TTone, string> = { ok: "active", warn: "warn", danger: "revoked", muted: "expired" };

/** A status in words, coloured by its tone (the words carry the meaning; the colour only repeats it). */
export function StatusBadge({ tone, children }: { tone: TTone; children: ReactNode }) {
  return <span className={`badge ${TONE_CLASS[tone]}`}>{children}</span>;
}

/** An amount in minor units, in the reader's format, never broken across lines. */
export function Money({ amount, currency, locale }: { amount: number; currency: string; locale: TLocale }) {
  return <span className="money">{formatMoney(amount, currency, locale)}</span>;
}

/** Facts as term and value: two columns on a wide screen, stacked on a phone. Null rows are left out. */
export function DataList({ items }: { items: ([ReactNode, ReactNode] | null | false)[] }) {
  return (
    <dl className="facts">
      {items
        .filter((i): i is [ReactNode, ReactNode] => Boolean(i))
        .map(([term, value], n) => (
          <div key={n} className="fact">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** What a list shows when it has nothing in it, with the way forward. */
export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p>{children}</p>
      {action ? <p>{action}</p> : null}
    </div>
  );
}

/**
 * A notice about the page (after a redirect, or the state of a record): a status for news, an alert
 * for an error. `urgent` makes a warning an alert (announced at once); `quiet` is a standing fact
 * that is not news (no live region).
 */
export function Notice({
  tone,
  urgent,
  quiet,
  children,
}: {
  tone: "ok" | "warn" | "error";
  urgent?: boolean;
  quiet?: boolean;
  children: ReactNode;
}) {
  const role = quiet ? undefined : tone === "error" || urgent ? "alert" : "status";
  return (
    <p role={role} className={`notice ${tone}`}>
      {children}
    </p>
  );
}

/**
 * Progress as an ordered list of numbered steps: the current one is marked (aria-current="step"),
 * the ones before it are done.
 */
export function Steps({ label, steps }: { label: string; steps: { label: ReactNode; current?: boolean }[] }) {
  const at = steps.findIndex((s) => s.current);
  return (
    <ol className="steps" aria-label={label}>
      {steps.map((s, n) => (
        <li key={n} aria-current={n === at ? "step" : undefined} className={n < at ? "done" : undefined}>
          {s.label}
        </li>
      ))}
    </ol>
  );
}
