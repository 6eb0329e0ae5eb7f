import { inject } from "vitest";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createAmplifierClient, type AmplifierClientOptions } from "../src/index.js";

export const credentials = { username: "erp-translator", password: "s3cret-Passw0rd" };

/** The mock's address, and its stand-in for the token URL (the spec's /auth/, where the vendor's Python client posts). */
export const mockUrl = () => inject("mock:amplifier");
export const mockAuthUrl = () => `${mockUrl()}/auth/`;

/** The client a user builds, pointed at this run's Prism mock of the Amplifier spec, logging in through it. */
export function mockClient(options: Partial<AmplifierClientOptions> = {}) {
  return createAmplifierClient({ baseUrl: mockUrl(), auth: amplifierAuth({ authUrl: mockAuthUrl(), ...credentials }), ...options });
}

/** A JWT with the given claims, unsigned as far as the client cares: it reads `exp`, never verifies. */
export function mintJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}
