"use client";

import { useErrorMessages } from "@/components/error-messages";

// Never a stack trace: a translated message and a way to try again.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useErrorMessages();
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.body}</p>
      <button type="button" onClick={reset}>
        {t.retry}
      </button>
    </>
  );
}
