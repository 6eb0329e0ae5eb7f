// What `pnpm bench` sends to each vendor: the full b2bkit client (client + auth, as the README builds it) and the one
// call timed, a list read, the most frequent call of an integration job. The stand-in credentials are the examples'
// (Prism checks that credentials are present and well-formed, never their value).
import { createAmageClient } from "@b2bkit/amage-client";
import { amageAuth } from "@b2bkit/amage-auth";
import { createAmplifierClient } from "@b2bkit/amplifier-client";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createJiwaClient } from "@b2bkit/jiwa-client";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createPortosClient } from "@b2bkit/portos-client";
import { portosAuth } from "@b2bkit/portos-auth";
import { createTlsecureClient } from "@b2bkit/tlsecure-client";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";

/**
 * vendor → { client(baseUrl, fetch?), call(client), path? }; `call` answers openapi-fetch's `{ data, error, response }`.
 * `path`: for a call whose path has parameters, its template and values, which the bare openapi-fetch clients pass as
 * b2bkit's does (the same call: openapi-fetch fills the path for both).
 */
export const SCENARIOS = {
  amage: {
    client: (baseUrl, fetch) =>
      createAmageClient({
        baseUrl,
        fetch,
        auth: amageAuth({ deviceUuid: "5b0f3c9e-7d2a-4d8e-9a41-0c6f1e2b3a47", apiKey: "example-api-key", secret: "example-api-secret" }),
      }),
    call: (client) => client.GET("/rest/amage/v1/deliveries/list", { params: { query: { page: 1, size: 50 } } }),
  },
  amplifier: {
    client: (baseUrl, fetch) =>
      createAmplifierClient({ baseUrl, fetch, auth: amplifierAuth({ authUrl: `${baseUrl}/auth/`, username: "erp-translator", password: "example-password" }) }),
    call: (client) => client.GET("/orders-translator/", { params: { query: { status: "Pending" } } }),
  },
  jiwa: {
    client: (baseUrl, fetch) => createJiwaClient({ baseUrl, fetch, auth: jiwaAuth({ username: "api", password: "example-password" }) }),
    call: (client) => client.GET("/Queries/IN_Main", { params: { query: { Skip: 0, Take: 100, OrderBy: "PartNo" } } }),
  },
  portos: {
    client: (baseUrl, fetch) => createPortosClient({ baseUrl, fetch, auth: portosAuth({ userName: "999", password: "example-password", deviceName: "P01" }) }),
    call: (client) => client.GET("/customers", { params: { query: { $skip: 0, $take: 50 } } }),
  },
  tlsecure: {
    client: (baseUrl, fetch) => createTlsecureClient({ baseUrl, fetch, domainCode: "00000", auth: tlsecureAuth({ token: "examplet0kenof26characters" }) }),
    call: (client) => client.GET("/api/{returnType}/{domainCode}/customer/b2b"),
    // The client fills returnType and domainCode itself.
    path: { template: "/api/{returnType}/{domainCode}/customer/b2b", values: { returnType: "json", domainCode: "00000" } },
  },
};
