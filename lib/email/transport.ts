import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import type { TSend } from "./deliver";

/** A sender over SMTP with nodemailer (one pooled-free transport per sender). */
export function createSmtpSender(smtpUrl: string, from: string): TSend {
  const transport = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as nodemailer.TransportOptions);
  return async (mail) => {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments?.map((a) => ({
        filename: a.filename,
        content: a.content,
        contentType: a.contentType,
      })),
    });
  };
}

let sender: TSend | undefined;

/** The app's sender: SMTP_URL, from MAIL_FROM. */
export function smtpSender(): TSend {
  const e = env();
  sender ??= createSmtpSender(e.smtpUrl, e.mailFrom);
  return sender;
}
