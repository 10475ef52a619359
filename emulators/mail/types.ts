/** One mail received by the sink. */
export type TSinkMessage = {
  /** Unique and increasing (a decimal counter, "1", "2", …). */
  id: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  /** The From header as text, or the envelope sender when there is none. */
  from: string;
  subject: string;
  /** When the sink received the mail, ISO 8601. */
  date: string;
  text: string;
  html: string;
  /** Decoded headers, lower-case names; repeated headers joined with "\n". */
  headers?: Record<string, string>;
  /** Attached files in order (the list API gives them without `content`). */
  attachments?: TSinkAttachment[];
};

/** One attachment of a mail; its bytes at GET /api/messages/:id/attachments/:index. */
export type TSinkAttachment = {
  filename: string;
  contentType: string;
  size: number;
  /** The bytes, base64 (only in GET /api/messages/:id). */
  content?: string;
};

/** A mail the application can render without sending it (a template with sample data), shown on /previews. */
export type TMailPreview = {
  /** Unique, URL-safe. */
  id: string;
  /** What it is, e.g. the template's name. */
  template: string;
  /** Its language (a BCP 47 tag). */
  locale: string;
  subject: string;
  text: string;
  html: string;
};

export type TMailSinkOptions = {
  /** The application's templates rendered with sample data, listed on /previews (the demo gives them). */
  previews?: () => TMailPreview[];
  /** Default 1025; 0 picks a free port. */
  smtpPort?: number;
  /** Default 8025; 0 picks a free port. */
  httpPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1000; the oldest mails are dropped beyond it. */
  maxMessages?: number;
};

export type TMailSink = {
  smtpPort: number;
  httpPort: number;
  /** Base URL of the mailbox page and JSON API, e.g. http://127.0.0.1:8025 */
  url: string;
  close(): Promise<void>;
  /** Closes the SMTP listener and drops open SMTP connections (simulates "SMTP down"). */
  stopSmtp(): Promise<void>;
  /** Re-opens the SMTP listener on the same port. */
  startSmtp(): Promise<void>;
  /** Stored mails, newest first. */
  messages(): TSinkMessage[];
};
