// The one locale type, for app/ and components/ (which do not import the schema).
export type { TLocale } from "@/db/schema/shared";
