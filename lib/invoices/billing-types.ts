export type { TBillingDetails } from "@/db/schema";
