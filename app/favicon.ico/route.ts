import { logoSvg } from "@/lib/brand";
import { vendor } from "@/lib/vendor";

// Read at run time: the settings are those of the running process.
export const dynamic = "force-dynamic";

// The vendor's mark as the site's icon (an SVG, which browsers take as a favicon), from the settings.
export function GET(): Response {
  return new Response(logoSvg(vendor().name), {
    headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=3600" },
  });
}
