// The fictional vendor's catalog for the demo: one-time licenses and yearly plans, in EUR, VAT excluded.
export type TDemoProduct = {
  slug: string;
  family: string;
  kind: "one_time" | "yearly";
  name: string;
  nameFr: string;
  nameIt: string;
  amount: number;
};

export const DEMO_CATALOG: TDemoProduct[] = [
  {
    slug: "backup-standard",
    family: "backup",
    kind: "one_time",
    name: "Lumen Backup Standard",
    nameFr: "Lumen Backup Standard",
    nameIt: "Lumen Backup Standard",
    amount: 2995,
  },
  {
    slug: "backup-pro",
    family: "backup",
    kind: "one_time",
    name: "Lumen Backup Pro",
    nameFr: "Lumen Backup Pro",
    nameIt: "Lumen Backup Pro",
    amount: 4995,
  },
  {
    slug: "backup-technician",
    family: "backup",
    kind: "one_time",
    name: "Lumen Backup Technician",
    nameFr: "Lumen Backup Technicien",
    nameIt: "Lumen Backup Tecnico",
    amount: 19900,
  },
  {
    slug: "partition-pro",
    family: "partition",
    kind: "one_time",
    name: "Lumen Partition Pro",
    nameFr: "Lumen Partition Pro",
    nameIt: "Lumen Partition Pro",
    amount: 3995,
  },
  {
    slug: "partition-unlimited",
    family: "partition",
    kind: "one_time",
    name: "Lumen Partition Unlimited",
    nameFr: "Lumen Partition Illimité",
    nameIt: "Lumen Partition Illimitato",
    amount: 14900,
  },
  {
    slug: "backup-yearly",
    family: "backup-plan",
    kind: "yearly",
    name: "Lumen Backup Yearly Plan",
    nameFr: "Lumen Backup (abonnement annuel)",
    nameIt: "Lumen Backup (abbonamento annuale)",
    amount: 2995,
  },
  {
    slug: "backup-yearly-cloud",
    family: "backup-plan",
    kind: "yearly",
    name: "Lumen Backup Yearly Plan + 1 TB cloud",
    nameFr: "Lumen Backup + 1 To dans le cloud (abonnement annuel)",
    nameIt: "Lumen Backup + 1 TB nel cloud (abbonamento annuale)",
    amount: 5995,
  },
  {
    slug: "cloudsync-yearly",
    family: "cloudsync",
    kind: "yearly",
    name: "Lumen CloudSync Yearly",
    nameFr: "Lumen CloudSync (abonnement annuel)",
    nameIt: "Lumen CloudSync (abbonamento annuale)",
    amount: 1995,
  },
];

export const DEMO_CUSTOMERS = [
  {
    email: "alice@demo.test",
    locale: "en",
    country: "IE",
    story: "refundable order, multi-item order, swapped order, order past 90 days, active yearly plan",
  },
  {
    email: "bruno@demo.test",
    locale: "fr",
    country: "FR",
    story: "multi-item order, refunded order, yearly plan set to cancel",
  },
  {
    email: "chiara@demo.test",
    locale: "it",
    country: "IT",
    story: "refundable order, order past 90 days, active yearly plan",
  },
] as const;
