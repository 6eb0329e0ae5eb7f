import { inject } from "vitest";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";
import { json, type TestServer } from "@b2bkit/mock/test-server";
import type { ServerResponse } from "node:http";
import { createTlsecureClient, type TlsecureClientOptions } from "../src/index.js";

/** The test shop of the vendor's docs. */
export const DOMAIN = "00000";
/** A token of the documented form (26 characters). */
export const TOKEN = "s75o0md86dhq3f0sia3ce3t9lb";
export const B2B = "/api/{returnType}/{domainCode}/customer/b2b" as const;
export const B2B_COMPANY = "/api/{returnType}/{domainCode}/customer/b2b/{company}" as const;
export const TOKEN_PATH = "/api/{returnType}/{domainCode}/customer/token" as const;

/** The client a user builds, with guest tokens, pointed at this run's Prism mock of the TLSecure spec. */
export function mockClient(options: Partial<TlsecureClientOptions> = {}) {
  return createTlsecureClient({ baseUrl: inject("mock:tlsecure"), domainCode: DOMAIN, auth: tlsecureAuth({ domainCode: DOMAIN }), ...options });
}

/** TLSecure's answer: `{ response: { success, code, message, object } }`. */
export function envelope(res: ServerResponse, fields: { success: boolean; code?: number; message?: string; object?: unknown }, status = 200) {
  json(res, status, { response: fields });
}

/** A guest token of 26 characters, numbered: t01aaaa…, t02aaaa… */
export function guestToken(n: number): string {
  return `t${String(n).padStart(2, "0")}`.padEnd(26, "a");
}

/** Requests a test server saw on a path (without its query string). */
export function hits(server: TestServer, suffix: string) {
  return server.seen.filter((s) => s.url.split("?")[0]!.endsWith(suffix));
}
