import { connect } from "node:net";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearMessages, extractLinks, fetchMessages, waitForMessage } from "./client";
import { MAIL_TEMPLATES, mailPreviews } from "../../lib/email/templates/catalogue";
import { escapeHtml } from "./html";
import { startMailSink, type TMailSink } from "./server";

const LONG_LINK =
  "http://localhost:3000/api/auth/callback/nodemailer?callbackUrl=%2Ffr%2Forders&token=" +
  "0123456789abcdef".repeat(6) +
  "&email=client%40example.test";
const TEXT =
  "Bonjour Zoé, voilà votre lien : déjà prêt, però è così.\n" +
  `Cliquez ici pour vous connecter à votre espace client sans mot de passe, le lien expire dans 24 heures : ${LONG_LINK}\n` +
  "Città, café, perché.\n";
const HTML = `<p>Bonjour Zoé, <a href="${LONG_LINK}">connexion</a> à ò</p><script>alert("pwned")</script>`;

function transport(port: number, auth?: { user: string; pass: string }) {
  return nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, auth });
}

function send(sink: TMailSink, to: string, subject: string, extra: Record<string, string> = {}) {
  return transport(sink.smtpPort).sendMail({
    from: '"Portal" <no-reply@portal.test>',
    to,
    subject,
    text: `${subject}\n`,
    ...extra,
  });
}

function canConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
  });
}

describe("mail sink", () => {
  let sink: TMailSink;

  beforeAll(async () => {
    sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(async () => {
    await sink.startSmtp();
    await clearMessages(sink.url);
  });

  it("binds random ports when asked for port 0", () => {
    expect(sink.smtpPort).toBeGreaterThan(0);
    expect(sink.httpPort).toBeGreaterThan(0);
    expect(sink.smtpPort).not.toBe(sink.httpPort);
    expect(sink.url).toBe(`http://127.0.0.1:${sink.httpPort}`);
  });

  it("stores a quoted-printable text+html mail with accents, decoded, newest first", async () => {
    await send(sink, "first@example.test", "Premier");
    // Build the MIME message first so the test can prove it really is quoted-printable on the wire.
    const built = await nodemailer
      .createTransport({ streamTransport: true, buffer: true, newline: "windows" })
      .sendMail({
        from: '"Portail" <no-reply@portal.test>',
        to: "Zoe@Example.TEST",
        cc: "copy@example.test",
        subject: "Votre lien de connexion à l'espace client — è ò",
        text: TEXT,
        html: HTML,
        textEncoding: "quoted-printable",
      });
    const raw = Buffer.isBuffer(built.message) ? built.message.toString("utf8") : "";
    expect(raw).toContain("Content-Transfer-Encoding: quoted-printable");
    expect(raw).toContain("Zo=C3=A9"); // é
    expect(raw).toContain("voil=C3=A0"); // à
    expect(raw).toMatch(/=\r\n/); // soft line breaks in the long line
    expect(raw).toContain("=3D"); // the link's "=" signs
    const info = await transport(sink.smtpPort).sendMail({
      envelope: { from: "no-reply@portal.test", to: ["Zoe@Example.TEST", "copy@example.test"] },
      raw,
    });
    expect(info.accepted).toHaveLength(2);

    const res = await fetch(`${sink.url}/api/messages`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const list: unknown = await res.json();
    expect(Array.isArray(list)).toBe(true);
    const messages = await fetchMessages(sink.url);
    expect(messages.map((m) => m.subject)).toEqual([
      "Votre lien de connexion à l'espace client — è ò",
      "Premier",
    ]);

    const [latest, first] = messages;
    expect(Object.keys(latest ?? {}).sort()).toEqual([
      "attachments",
      "date",
      "from",
      "html",
      "id",
      "subject",
      "text",
      "to",
    ]);
    expect(latest?.attachments).toEqual([]);
    expect(latest).toMatchObject({
      to: ["zoe@example.test", "copy@example.test"],
      from: '"Portail" <no-reply@portal.test>',
      text: TEXT,
      html: HTML,
    });
    expect(Number(latest?.id)).toBeGreaterThan(Number(first?.id));
    expect(Date.parse(latest?.date ?? "")).not.toBeNaN();
    expect(new Date(latest?.date ?? "").toISOString()).toBe(latest?.date);
    // The long link survived quoted-printable soft line breaks intact.
    expect(extractLinks(latest?.text ?? "")).toEqual([LONG_LINK]);

    const one = await fetch(`${sink.url}/api/messages/${latest?.id}`);
    expect(one.status).toBe(200);
    const detail = (await one.json()) as { id: string; text: string; headers: Record<string, string> };
    expect(detail.id).toBe(latest?.id);
    expect(detail.text).toBe(TEXT);
    expect(detail.headers["subject"]).toBe("Votre lien de connexion à l'espace client — è ò");
    expect(detail.headers["content-type"]).toMatch(/^multipart\/alternative/);

    expect((await fetch(`${sink.url}/api/messages/999999`)).status).toBe(404);
    expect(sink.messages().map((m) => m.id)).toEqual(messages.map((m) => m.id));
  });

  it("filters by recipient case-insensitively", async () => {
    await send(sink, "alice@example.test", "For Alice");
    await send(sink, "bob@example.test", "For Bob");
    await send(sink, "ALICE@example.test, carol@example.test", "For Alice and Carol");

    const forAlice = await fetchMessages(sink.url, { to: "Alice@EXAMPLE.test" });
    expect(forAlice.map((m) => m.subject)).toEqual(["For Alice and Carol", "For Alice"]);
    const raw = (await (await fetch(`${sink.url}/api/messages?to=BOB%40example.test`)).json()) as {
      subject: string;
    }[];
    expect(raw.map((m) => m.subject)).toEqual(["For Bob"]);
    expect(await fetchMessages(sink.url, { to: "nobody@example.test" })).toEqual([]);
  });

  it("clears all messages on DELETE", async () => {
    await send(sink, "a@example.test", "One");
    await send(sink, "b@example.test", "Two");
    expect(await fetchMessages(sink.url)).toHaveLength(2);

    const res = await fetch(`${sink.url}/api/messages`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await fetchMessages(sink.url)).toEqual([]);
    expect(sink.messages()).toEqual([]);
  });

  it("shows an escaped mailbox page and sandboxes the mail's HTML", async () => {
    await send(sink, "reader@example.test", "Older");
    await send(sink, "victim@example.test", "<script>alert('subject')</script> & co", {
      text: "Text part with <script>alert('text')</script>\n",
      html: `<h1 onclick="x()">Hi</h1><script>alert("html")</script><iframe src="https://evil.test"></iframe>`,
    });
    const [latest] = await fetchMessages(sink.url);

    const index = await fetch(`${sink.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await index.text();
    expect(page).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(page).toMatch(/<title>[^<]+<\/title>/);
    expect(page).toContain("<main>");
    expect(page).toMatch(/<h1>Mailbox<\/h1>/);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt; &amp; co");
    expect(page).toContain(`href="/messages/${latest?.id}"`);
    expect(page).toContain("victim@example.test");
    expect(page.indexOf("victim@example.test")).toBeLessThan(page.indexOf("reader@example.test"));

    const detail = await fetch(`${sink.url}/messages/${latest?.id}`);
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<main>");
    expect(html).toContain("<pre>Text part with &lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;\n</pre>");
    const frames = [...html.matchAll(/<iframe\b[^>]*>/g)].map((m) => m[0]);
    expect(frames).toHaveLength(1);
    const frame = frames[0] ?? "";
    // sandbox="" with no allow-* tokens: no scripts, no forms, no popups; quotes and brackets escaped.
    expect(frame).toMatch(/^<iframe sandbox="" title="[^"]+" srcdoc="[^"<>]*">$/);
    const srcdoc = /srcdoc="([^"]*)"/.exec(frame)?.[1] ?? "";
    expect(srcdoc).toContain("&lt;script&gt;alert(&quot;html&quot;)&lt;/script&gt;");
    expect(srcdoc).toContain("&lt;h1 onclick=&quot;x()&quot;&gt;");
    // Outside the srcdoc attribute, nothing from the mail's markup is live.
    const outside = html.replace(srcdoc, "");
    expect(outside).not.toMatch(/<script|onclick=|evil\.test/i);
    // Decoding the attribute gives back exactly the mail's HTML.
    const decoded = srcdoc
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");
    expect(decoded).toBe(latest?.html);

    expect((await fetch(`${sink.url}/messages/nope`)).status).toBe(404);
  });

  it("refuses connections while SMTP is stopped and accepts them again once restarted", async () => {
    await send(sink, "before@example.test", "Before");
    await sink.stopSmtp();

    expect(await canConnect(sink.smtpPort)).toBe("ECONNREFUSED");
    const failure = await send(sink, "during@example.test", "During").then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(failure?.message).toMatch(/ECONNREFUSED/);
    expect(failure?.code).toBe("ESOCKET");
    // The web side keeps working while SMTP is down.
    expect((await fetchMessages(sink.url)).map((m) => m.subject)).toEqual(["Before"]);

    await sink.startSmtp();
    expect(await canConnect(sink.smtpPort)).toBe("connected");
    await send(sink, "after@example.test", "After");
    expect((await fetchMessages(sink.url)).map((m) => m.subject)).toEqual(["After", "Before"]);
  });

  it("accepts AUTH PLAIN and LOGIN with any credentials", async () => {
    const plain = await transport(sink.smtpPort, { user: "anyone", pass: "whatever" }).sendMail({
      from: "a@portal.test",
      to: "auth@example.test",
      subject: "With auth",
      text: "ok",
    });
    expect(plain.response).toMatch(/^250 /);
    const login = await nodemailer
      .createTransport({
        host: "127.0.0.1",
        port: sink.smtpPort,
        secure: false,
        ignoreTLS: true,
        authMethod: "LOGIN",
        auth: { user: "x", pass: "y" },
      })
      .sendMail({ from: "a@portal.test", to: "auth@example.test", subject: "With login", text: "ok" });
    expect(login.response).toMatch(/^250 /);
    expect((await fetchMessages(sink.url, { to: "auth@example.test" })).map((m) => m.subject)).toEqual([
      "With login",
      "With auth",
    ]);
  });

  it("waitForMessage polls until a matching mail arrives, and times out otherwise", async () => {
    const waiting = waitForMessage(sink.url, (m) => m.to.includes("late@example.test"), { timeoutMs: 5_000 });
    setTimeout(() => void send(sink, "late@example.test", "Late"), 300);
    expect((await waiting).subject).toBe("Late");

    const started = Date.now();
    await expect(waitForMessage(sink.url, () => false, { timeoutMs: 300 })).rejects.toThrow(
      /No matching mail within 300 ms/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});

describe("mail sink limits", () => {
  it("drops the oldest mails beyond maxMessages", async () => {
    const sink = await startMailSink({ smtpPort: 0, httpPort: 0, maxMessages: 2 });
    try {
      for (const subject of ["One", "Two", "Three"]) await send(sink, "x@example.test", subject);
      expect((await fetchMessages(sink.url)).map((m) => m.subject)).toEqual(["Three", "Two"]);
    } finally {
      await sink.close();
    }
  });

  it("frees both ports on close", async () => {
    const sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
    await sink.close();
    expect(await canConnect(sink.smtpPort)).toBe("ECONNREFUSED");
    expect(await canConnect(sink.httpPort)).toBe("ECONNREFUSED");
  });
});

describe("template previews", () => {
  it("lists every template in every language and shows each like a mail, text part and HTML", async () => {
    const sink = await startMailSink({ smtpPort: 0, httpPort: 0, previews: () => mailPreviews() });
    const plain = await startMailSink({ smtpPort: 0, httpPort: 0 });
    try {
      expect(await (await fetch(sink.url)).text()).toContain('href="/previews"');
      const list = await (await fetch(`${sink.url}/previews`)).text();
      for (const template of MAIL_TEMPLATES.keys()) {
        for (const locale of ["en", "fr", "it"]) expect(list).toContain(`/previews/${template}-${locale}-0`);
      }
      const page = await fetch(`${sink.url}/previews/signInMail-fr-0`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const fr = mailPreviews().find((x) => x.id === "signInMail-fr-0")!;
      expect(html).toContain(escapeHtml(fr.subject));
      expect(html).toContain(escapeHtml(fr.text));
      // The HTML part, sandboxed, with its real button (a link styled as one).
      expect(html).toMatch(/<iframe sandbox="" title="HTML part of the preview" srcdoc="[^"]*&lt;a /);
      expect((await fetch(`${sink.url}/previews/nope-en-0`)).status).toBe(404);
      expect((await fetch(`${plain.url}/previews`)).status).toBe(404);
    } finally {
      await sink.close();
      await plain.close();
    }
  });
});

describe("extractLinks", () => {
  it("undoes quoted-printable soft breaks and =3D before finding URLs", () => {
    const raw =
      "Lien : https://portal.test/api/auth/callback?token=3Dabc=\r\ndef&email=3Dz%40x.test=\r\n\r\nAutre: http://a.test/x.";
    expect(extractLinks(raw)).toEqual([
      "https://portal.test/api/auth/callback?token=abcdef&email=z%40x.test",
      "http://a.test/x",
    ]);
  });

  it("returns each link once, in order, without trailing punctuation", () => {
    const text = "See (https://b.test/path), then https://a.test/?q=1; again https://b.test/path.";
    expect(extractLinks(text)).toEqual(["https://b.test/path", "https://a.test/?q=1"]);
    expect(extractLinks("no links here")).toEqual([]);
  });
});
