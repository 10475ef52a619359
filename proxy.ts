import createMiddleware from "next-intl/middleware";
import { routing } from "@/lib/i18n/routing";

/**
 * Puts the locale in the URL (negotiating `/` from Accept-Language). It only
 * routes: authorization happens in the data layer, never here.
 */
export default createMiddleware(routing);

export const config = {
  // Everything but API routes, Next's assets and files with an extension.
  matcher: ["/((?!api|_next|_vercel|.*\\..*).*)"],
};
