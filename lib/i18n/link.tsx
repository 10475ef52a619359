import NextLink from "next/link";
import { useLocale } from "next-intl";
import type { ComponentProps } from "react";

type TLinkProps = Omit<ComponentProps<typeof NextLink>, "href" | "locale"> & {
  /** A path without the locale ("/orders"); the reader's locale is put in front. */
  href: string;
};

/**
 * A link within the portal, in the reader's language, for server components. Next's own link
 * (client navigation, prefetch) with the locale prefixed on the server: the browser gets no
 * next-intl code for it, and pages need no NextIntlClientProvider (first-load JS, issue 17).
 */
export function Link({ href, ...props }: TLinkProps) {
  const locale = useLocale();
  return <NextLink href={href === "/" ? `/${locale}` : `/${locale}${href}`} {...props} />;
}
