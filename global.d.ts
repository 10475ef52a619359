import type { routing } from "@/lib/i18n/routing";
import type messages from "./messages/en.json";

declare module "next-intl" {
  // Module augmentation needs an interface: next-intl merges it into its own AppConfig.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface AppConfig {
    Locale: (typeof routing.locales)[number];
    Messages: typeof messages;
  }
}
