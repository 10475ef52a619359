import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "@/db/schema";
import { fetchMessages } from "@/emulators/mail/client";
import { startMailSink, type TMailSink } from "@/emulators/mail/server";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { deliverDueMail, mailBackoffSeconds, REMOVED_AFTER_SENDING } from "./deliver";
import { enqueueMail } from "./outbox";
import { deliveryMail } from "./templates/delivery";
import { signInMail } from "./templates/sign-in";
import { createSmtpSender } from "./transport";

let t: TTestDatabase;
let sink: TMailSink;

beforeAll(async () => {
  t = await createTestDatabase();
  sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
});
afterAll(async () => {
  await sink?.close();
  await t?.dispose();
});

const settings = {
  vendorName: "Lumen Softworks",
  supportEmail: "help@lumen.test",
  portalUrl: "http://portal.test",
};

function content(orderNumber: string) {
  return deliveryMail(
    "fr",
    {
      orderNumber,
      currency: "eur",
      total: 5988,
      items: [
        {
          productName: "Sauvegarde Pro",
          quantity: 2,
          keys: ["AAAAA-BBBBB", "CCCCC-DDDDD"],
          downloadUrl: "https://dl.test/x",
        },
      ],
    },
    settings,
  );
}

describe("mail outbox", () => {
  it("keeps mails queued while SMTP is down and sends each once when it is back", async () => {
    const send = createSmtpSender(`smtp://127.0.0.1:${sink.smtpPort}`, "Lumen <support@lumen.test>");
    await t.db.transaction(async (tx) => {
      for (let i = 1; i <= 3; i++) {
        await enqueueMail(tx, {
          to: `buyer${i}@example.com`,
          locale: "fr",
          template: "delivery",
          content: content(`ORD-${i}`),
        });
      }
    });

    await sink.stopSmtp();
    const down = await deliverDueMail(t.db, send);
    expect(down).toEqual({ sent: 0, failed: 3 });
    const queued = await t.db.select().from(mailOutbox);
    expect(queued.every((m) => m.status === "pending" && m.attempts === 1 && m.lastError)).toBe(true);

    await sink.startSmtp();
    // Not yet due: the backoff holds them.
    expect(await deliverDueMail(t.db, send)).toEqual({ sent: 0, failed: 0 });
    const later = new Date(Date.now() + mailBackoffSeconds(1) * 1000 + 1000);
    // Two instances deliver at once: each mail still goes out once.
    const [a, b] = await Promise.all([
      deliverDueMail(t.db, send, { now: later }),
      deliverDueMail(t.db, send, { now: later }),
    ]);
    expect(a.sent + b.sent).toBe(3);
    expect(await deliverDueMail(t.db, send, { now: later })).toEqual({ sent: 0, failed: 0 });

    const inbox = await fetchMessages(sink.url);
    expect(inbox.map((m) => m.to[0]).sort()).toEqual([
      "buyer1@example.com",
      "buyer2@example.com",
      "buyer3@example.com",
    ]);
    const first = inbox.find((m) => m.to[0] === "buyer1@example.com")!;
    expect(first.subject).toContain("ORD-1");
    expect(first.text).toContain("AAAAA-BBBBB");
    expect(first.text).toContain("59,88");
    expect(first.html).toContain('lang="fr"');
    const rows = await t.db.select({ status: mailOutbox.status }).from(mailOutbox);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });

  it("queues a mail with a dedupe key only once", async () => {
    for (let i = 0; i < 3; i++) {
      await enqueueMail(t.db, {
        to: "once@example.com",
        locale: "en",
        template: "delivery",
        content: content("ORD-9"),
        dedupeKey: "delivery:ORD-9",
      });
    }
    expect(
      await t.db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, "delivery:ORD-9")),
    ).toHaveLength(1);
  });

  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map(mailBackoffSeconds)).toEqual([5, 10, 20, 40]);
    expect(mailBackoffSeconds(30)).toBe(3600);
  });

  it("keeps no sign-in code or link once a sign-in mail is sent, and never puts the code in the subject", async () => {
    const mail = signInMail(
      "en",
      {
        link: "http://portal.test/en/sign-in/confirm?token=K7M2QX&email=x%40example.com",
        code: "K7M2QX",
        minutes: 10,
      },
      settings,
    );
    expect(mail.subject).not.toContain("K7M2QX");
    await enqueueMail(t.db, {
      to: "secret@example.com",
      locale: "en",
      template: "sign-in",
      content: mail,
      sensitive: true,
    });
    const [queued] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "secret@example.com"));
    // Until it is sent, the outbox keeps what it needs to retry.
    expect(queued!.text).toContain("K7M2QX");
    const delivered: string[] = [];
    await deliverDueMail(t.db, async (m) => void delivered.push(m.text));
    expect(delivered.some((text) => text.includes("K7M2QX"))).toBe(true);
    const [row] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "secret@example.com"));
    expect(row!.status).toBe("sent");
    for (const part of [row!.subject, row!.text, row!.html]) {
      expect(part).not.toContain("K7M2QX");
      expect(part).not.toContain("token=");
    }
    expect(row!.text).toBe(REMOVED_AFTER_SENDING);
  });
});
