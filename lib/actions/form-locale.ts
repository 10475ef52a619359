import { ZLocale } from "@/lib/auth/schemas";
import { routing } from "@/lib/i18n/routing";

/**
 * The locale a form was posted from (its hidden `locale` field), for the
 * redirect that answers it; anything else falls back to the default locale.
 * Every server action of the portal starts with it.
 */
export function formLocale(formData: FormData): "en" | "fr" | "it" {
  const parsed = ZLocale.safeParse(formData.get("locale"));
  return parsed.success ? parsed.data : routing.defaultLocale;
}
