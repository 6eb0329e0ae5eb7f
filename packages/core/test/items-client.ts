// A tiny spec of its own, as openapi-fetch's tests do: one item resource, and its client over core's transport.
import createClient from "openapi-fetch";
import { createApiClient, type ApiClientConfig, type ClientOptions } from "../src/internal.js";

export interface paths {
  "/items/{id}": {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: {
      parameters: { query?: { token?: string }; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": { id: string } } } };
    };
    post: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody: { content: { "application/json": { name: string } } };
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": { id: string } } } };
    };
  };
}

/** Small backoffs, so that retries cost milliseconds. */
export const fast = { backoff: { initialMs: 5, maxMs: 20 } };

/** An openapi-fetch client of the tiny spec over core's transport, as a vendor client builds one. */
export const api = (baseUrl: string, options: Omit<ClientOptions, "baseUrl"> = {}, config: Partial<ApiClientConfig> = {}) =>
  createApiClient(createClient<paths>, { baseUrl, ...options }, { name: "testClient", baseUrl, ...config });
