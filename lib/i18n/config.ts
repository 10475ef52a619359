/** What every translator of the portal's pages shares (lib/i18n/request.ts, lib/i18n/translations.ts). */

// The portal shows dates in the customer's zone when known; UTC is the honest default on the server.
export const TIME_ZONE = "UTC";

export const FORMATS = {
  dateTime: {
    date: { day: "numeric", month: "long", year: "numeric" },
    dateTime: { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" },
  },
} as const;
