// Stripe's documented test card numbers and their outcomes.
import { ApiError, cardError } from "./errors";

export type CardInfo = {
  brand: string;
  last4: string;
  funding: "credit" | "debit";
  country: string;
  exp_month: number;
  exp_year: number;
  /** Attaches (setup succeeds) but every charge declines: Stripe's 4000 0000 0000 0341. */
  declinesLater?: boolean;
};

export type CardOutcome = { ok: true; card: CardInfo } | { ok: false; error: ApiError };

const SUCCEEDING: Record<string, { brand: string; funding: "credit" | "debit"; country: string }> = {
  "4242424242424242": { brand: "visa", funding: "credit", country: "US" },
  "4000056655665556": { brand: "visa", funding: "debit", country: "US" },
  "5555555555554444": { brand: "mastercard", funding: "credit", country: "US" },
  "2223003122003222": { brand: "mastercard", funding: "credit", country: "US" },
  "5200828282828210": { brand: "mastercard", funding: "debit", country: "US" },
  "378282246310005": { brand: "amex", funding: "credit", country: "US" },
  "371449635398431": { brand: "amex", funding: "credit", country: "US" },
  "6011111111111117": { brand: "discover", funding: "credit", country: "US" },
  "3056930009020004": { brand: "diners", funding: "credit", country: "US" },
  "3566002020360505": { brand: "jcb", funding: "credit", country: "JP" },
  "4000002500000003": { brand: "visa", funding: "credit", country: "FR" },
  "4000003800000008": { brand: "visa", funding: "credit", country: "IT" },
  "4000002760000016": { brand: "visa", funding: "credit", country: "DE" },
};

const DECLINES: Record<string, () => ApiError> = {
  "4000000000000002": () => cardError("Your card was declined.", "generic_decline"),
  "4000000000009995": () => cardError("Your card has insufficient funds.", "insufficient_funds"),
  "4000000000009987": () => cardError("Your card was declined.", "lost_card"),
  "4000000000009979": () => cardError("Your card was declined.", "stolen_card"),
  "4000000000000069": () => cardError("Your card has expired.", "expired_card", "expired_card"),
  "4000000000000127": () =>
    cardError("Your card's security code is incorrect.", "incorrect_cvc", "incorrect_cvc"),
  "4000000000000119": () =>
    cardError(
      "An error occurred while processing your card. Try again in a little bit.",
      "processing_error",
      "processing_error",
    ),
};

function luhnOk(num: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = num.length - 1; i >= 0; i--) {
    let d = Number(num[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, "");
}

export function evaluateCard(
  input: string,
  expMonth = 12,
  expYear = new Date().getUTCFullYear() + 3,
): CardOutcome {
  const num = normalizeCardNumber(input);
  const decline = DECLINES[num];
  if (decline) return { ok: false, error: decline() };
  if (num === "4000000000000341")
    return {
      ok: true,
      card: {
        brand: "visa",
        funding: "credit",
        country: "US",
        last4: "0341",
        exp_month: expMonth,
        exp_year: expYear,
        declinesLater: true,
      },
    };
  const known = SUCCEEDING[num];
  if (known)
    return { ok: true, card: { ...known, last4: num.slice(-4), exp_month: expMonth, exp_year: expYear } };
  if (!/^\d{12,19}$/.test(num) || !luhnOk(num)) {
    return {
      ok: false,
      error: cardError("Your card number is incorrect.", "incorrect_number", "incorrect_number"),
    };
  }
  return {
    ok: false,
    error: cardError(
      "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.",
      "test_mode_live_card",
    ),
  };
}
