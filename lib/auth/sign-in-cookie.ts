/** Remembers the address between the sign-in page and the code form (never in the URL). */
export const SIGN_IN_EMAIL_COOKIE = "portal-sign-in-email";
