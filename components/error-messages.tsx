"use client";

import { createContext, useContext, type ReactNode } from "react";

export type TErrorMessages = { title: string; body: string; retry: string };

const ErrorMessagesContext = createContext<TErrorMessages | null>(null);

/**
 * The error page's three strings, translated on the server, for the error boundary (a client
 * component): the browser then needs no message catalogue and no ICU formatter.
 */
export function ErrorMessagesProvider({
  messages,
  children,
}: {
  messages: TErrorMessages;
  children: ReactNode;
}) {
  return <ErrorMessagesContext value={messages}>{children}</ErrorMessagesContext>;
}

export function useErrorMessages(): TErrorMessages {
  const m = useContext(ErrorMessagesContext);
  if (!m) throw new Error("useErrorMessages needs ErrorMessagesProvider (app/[locale]/layout.tsx)");
  return m;
}
