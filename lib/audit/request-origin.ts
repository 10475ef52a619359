import "server-only";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/http/client-address";
import { REQUEST_ID_HEADER } from "@/lib/http/request-id";
import type { TRequestOrigin } from "./record-audit";

/** The current request's id and client address; empty outside a request. */
export async function requestOrigin(): Promise<TRequestOrigin> {
  try {
    const h = await headers();
    return { requestId: h.get(REQUEST_ID_HEADER) ?? undefined, clientAddress: clientAddress(h) };
  } catch {
    return {};
  }
}
