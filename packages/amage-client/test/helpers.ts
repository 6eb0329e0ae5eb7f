import { inject } from "vitest";
import { amageAuth } from "@b2bkit/amage-auth";
import { createAmageClient, type AmageClientOptions } from "../src/index.js";

export const UUID = "f25e62ea-0100-4f4e-aad2-853cf48df2b9";
export const credentials = { deviceUuid: "5b0f3c9e-7d2a-4d8e-9a41-0c6f1e2b3a47", apiKey: "test-api-key", secret: "test-api-secret" };

/** The client a user builds, pointed at this run's Prism mock of the AMAGE spec. */
export function mockClient(options: Partial<AmageClientOptions> = {}) {
  return createAmageClient({ baseUrl: inject("mock:amage"), auth: amageAuth(credentials), ...options });
}
