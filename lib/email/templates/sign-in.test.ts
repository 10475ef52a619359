import { describe, expect, it } from "vitest";
import { BRAND } from "@/lib/brand";
import { signInMail } from "./sign-in";
import { staffSignInMail } from "./staff";

const SETTINGS = {
  vendorName: "Lumen <Softworks>",
  supportEmail: "help@lumen.test",
  portalUrl: "https://p.test",
};
const LINK = "https://p.test/en/sign-in/confirm?token=a&b=1";

describe("the sign-in mail, branded like the portal", () => {
  for (const locale of ["en", "fr", "it"] as const) {
    it(`has a real button to the link and a plain-text part with the link (${locale})`, () => {
      const mail = signInMail(locale, { link: LINK, code: "K7M2QX", minutes: 10 }, SETTINGS);
      // The button: the link on a cell of the accent colour, its label in the accent's text colour.
      const button = /<td style="background:([^;"]+)[^"]*"><a href="([^"]+)" style="[^"]*color:([^;"]+)/.exec(
        mail.html,
      );
      expect(button?.[1]).toBe(BRAND.light.accent);
      expect(button?.[2]).toBe("https://p.test/en/sign-in/confirm?token=a&amp;b=1");
      expect(button?.[3]).toBe(BRAND.light.accentFg);
      // The vendor's mark and name on top, escaped.
      expect(mail.html).toContain("Lumen &lt;Softworks&gt;");
      expect(mail.html).toContain(`lang="${locale}"`);
      // The text part keeps everything: the link on its own line, and the code.
      expect(mail.text.split("\n")).toContain(LINK);
      expect(mail.text).toContain("K7M2QX");
      expect(mail.text).not.toMatch(/<(td|a|p)\b/);
    });
  }
});

describe("the staff sign-in mail", () => {
  for (const locale of ["en", "fr", "it"] as const) {
    it(`has the code in the body, never in the subject (${locale})`, () => {
      const mail = staffSignInMail(locale, { link: LINK, code: "K7M2QX", minutes: 10 }, SETTINGS);
      expect(mail.subject).not.toContain("K7M2QX");
      expect(mail.text).toContain("K7M2QX");
    });
  }
});
