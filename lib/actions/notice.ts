/**
 * A success notice that survives a redirect: the code travels in the `notice` query parameter of
 * the page the action sends the customer to, and that page shows it only if it is one of its
 * registry's notices (anything else is ignored). One parameter name for every page.
 */
export const NOTICE_PARAM = "notice";

export function withNotice(path: string, code: string, extra: Record<string, string> = {}): string {
  const [base, hash] = path.split("#");
  const url = new URL(base!, "http://portal.invalid");
  url.searchParams.set(NOTICE_PARAM, code);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return `${url.pathname}${url.search}${hash ? `#${hash}` : ""}`;
}

export function noticeOf<TNotice extends string>(
  searchParams: Record<string, string | string[] | undefined>,
  notices: readonly TNotice[],
): TNotice | null {
  const raw = searchParams[NOTICE_PARAM];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v && (notices as readonly string[]).includes(v) ? (v as TNotice) : null;
}
