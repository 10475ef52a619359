import { describe, expect, it } from "vitest";
import { deliveryMail } from "./templates/delivery";

const settings = { vendorName: "Lumen", supportEmail: "help@lumen.test", portalUrl: "http://portal.test" };

describe("URLs in mails pass the allow-list", () => {
  it("leaves a javascript: download URL out of the delivery mail, text and HTML", () => {
    const mail = deliveryMail(
      "en",
      {
        orderNumber: "ORD-2026-ABCDEF",
        currency: "eur",
        total: 4995,
        items: [
          {
            productName: "Evil",
            quantity: 1,
            keys: ["K-1"],
            downloadUrl: "javascript:alert(document.cookie)",
          },
          { productName: "Data", quantity: 1, keys: ["K-2"], downloadUrl: "data:text/html,<b>x</b>" },
          {
            productName: "Good",
            quantity: 1,
            keys: ["K-3"],
            downloadUrl: "https://downloads.lumen.test/good",
          },
        ],
      },
      settings,
    );
    for (const part of [mail.text, mail.html]) {
      expect(part.toLowerCase()).not.toContain("javascript:");
      expect(part).not.toContain("data:text");
      expect(part).toContain("https://downloads.lumen.test/good");
      // The portal's own link (its configured origin, http in tests) stays.
      expect(part).toContain("http://portal.test/en/orders/ORD-2026-ABCDEF");
    }
  });
});
