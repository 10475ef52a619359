/** Remembers the address between the sign-in page and the code form (never in the URL). */
export const SIGN_IN_EMAIL_COOKIE = "portal-sign-in-email";
/** Where the customer was going when asked to sign in (a path of the portal), for the code form. */
export const SIGN_IN_NEXT_COOKIE = "portal-sign-in-next";
