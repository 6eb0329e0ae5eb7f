import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { amageAuth, defaultSign } from "@b2bkit/amage-auth";
import { ApiError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createAmageClient, unwrap } from "../src/index.js";
import { credentials, mockClient } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("signing headers", () => {
  it("is refused with 401 by the mock when no signing header is sent", async () => {
    const amage = mockClient({ auth: undefined });
    const err = (await unwrap(amage.GET("/rest/amage/v1/deliveries/count")).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
  });

  it("is refused with 401 when one of the three headers is missing", async () => {
    const amage = mockClient({
      auth: { authorize: (r) => void (r.headers.set("amage-device-uuid", "d"), r.headers.set("amage-api-key", "k")) },
    });
    const { response } = await amage.GET("/rest/amage/v1/orders/count");
    expect(response.status).toBe(401);
  });

  it("sends the three headers, the signature being hex SHA-256 of path and secret", async () => {
    server = await testServer((_req, res) => json(res, 200, 7));
    const amage = createAmageClient({ baseUrl: server.url, auth: amageAuth(credentials) });
    await unwrap(amage.GET("/rest/amage/v1/deliveries/list", { params: { query: { page: 2, size: 10 } } }));
    const path = "/rest/amage/v1/deliveries/list?page=2&size=10";
    const expected = createHash("sha256").update(path + credentials.secret).digest("hex");
    expect(server.seen[0]!.headers).toMatchObject({
      "amage-device-uuid": credentials.deviceUuid,
      "amage-api-key": credentials.apiKey,
      "amage-api-sign": expected,
    });
    expect(JSON.stringify(server.seen[0]!.headers)).not.toContain(credentials.secret);
    expect(await defaultSign({ method: "GET", path, secret: credentials.secret, body: undefined })).toBe(expected);
  });

  it("lets `sign` replace the signature", async () => {
    server = await testServer((_req, res) => json(res, 200, 1));
    const seen: string[] = [];
    const auth = amageAuth({ ...credentials, sign: ({ method, path }) => (seen.push(`${method} ${path}`), "custom-signature") });
    await unwrap(createAmageClient({ baseUrl: server.url, auth }).DELETE("/rest/amage/v1/orders/delete/{uuid}", { params: { path: { uuid: "u-1" } } }));
    expect(server.seen[0]!.headers["amage-api-sign"]).toBe("custom-signature");
    expect(seen).toEqual(["DELETE /rest/amage/v1/orders/delete/u-1"]);
  });

  it("refuses missing credentials, naming the field and never echoing a value", () => {
    expect(() => amageAuth({ ...credentials, secret: "" })).toThrow(/`secret` is required/);
    expect(() => amageAuth({ ...credentials, apiKey: undefined as unknown as string })).toThrow(/`apiKey` is required/);
    const auth = amageAuth(credentials);
    expect(`${String(auth)} ${JSON.stringify(auth)}`).not.toContain(credentials.secret);
  });
});

describe("client options", () => {
  it("refuses a missing or malformed baseUrl with the fix", () => {
    const hint = 'pass the address of your AMAGE instance, e.g. createAmageClient({ baseUrl: "https://your-company.amage.pl" })';
    expect(() => createAmageClient({ baseUrl: "" })).toThrow(`createAmageClient: \`baseUrl\` is required: ${hint}`);
    expect(() => createAmageClient({ baseUrl: "amage.example" })).toThrow(`\`baseUrl\` is not an absolute URL: ${hint}`);
    expect(() => createAmageClient({ baseUrl: "ftp://x.example" })).toThrow(`\`baseUrl\` must be an http(s) URL: ${hint}`);
    expect(() => createAmageClient({ baseUrl: "https://x.example/rest/amage/v1" })).toThrow(
      '`baseUrl` must stop before /rest/amage/v1: the paths already start with it (use "https://x.example")',
    );
    const withPassword = (() => {
      try {
        createAmageClient({ baseUrl: "https://user:s3cret-pw@x.example" });
      } catch (e) {
        return String(e);
      }
    })();
    expect(withPassword).toContain("must not contain a user name or password");
    expect(withPassword).not.toContain("s3cret-pw");
  });

  it("turns a 2xx operation result with success: false into an ApiError", async () => {
    server = await testServer((_req, res) => json(res, 200, { success: false, errorCode: "BAD_REQUEST", message: "Cannot edit delivery with state other than LOADING_ON_SITE" }));
    const amage = createAmageClient({ baseUrl: server.url });
    const err = (await unwrap(amage.POST("/rest/amage/v1/deliveries/edit/{uuid}", { params: { path: { uuid: "u" } }, body: {} })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: "BAD_REQUEST" });
    expect(err.message).toContain("Cannot edit delivery with state other than LOADING_ON_SITE");
  });
});
