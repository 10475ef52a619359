"use client";

import NextLink from "next/link";
import { usePathname } from "next/navigation";
import { publicPathOf } from "@/lib/http/signed-in-twin";
import type { ReactNode } from "react";

/**
 * A link of the site's navigation, marked `aria-current="page"` on its own page and below it. A
 * client component only for the path: the pages rendered once serve every visitor the same header.
 */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  // The public path: the signed-in twin of a cached page (lib/http/signed-in-twin.ts) is the same page.
  const pathname = publicPathOf(usePathname());
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <NextLink href={href} aria-current={current ? "page" : undefined}>
      {children}
    </NextLink>
  );
}
