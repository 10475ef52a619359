import { env } from "@/lib/env";

/** In the demo, where the mailed code arrives (the mail sink's page); nothing in production. */
export function DemoMailboxNote({ label }: { label: string }) {
  const mailbox = env().demoMailboxUrl;
  if (!mailbox) return null;
  return (
    <p className="demo-note">
      {label} <a href={mailbox}>{mailbox}</a>
    </p>
  );
}
