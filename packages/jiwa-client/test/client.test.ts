import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createJiwaClient, jiwaErrors, unwrap } from "../src/index.js";
import { InventoryID } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createJiwaClient options", () => {
  it("refuses a missing or malformed baseUrl, saying how to fix it", () => {
    expect(() => createJiwaClient({ baseUrl: "" })).toThrow(/`baseUrl` is required: pass the address of your Jiwa API/);
    expect(() => createJiwaClient(undefined as unknown as { baseUrl: string })).toThrow(/`baseUrl` is required/);
    expect(() => createJiwaClient({ baseUrl: "api.jiwa.com.au" })).toThrow(/not an absolute URL/);
    expect(() => createJiwaClient({ baseUrl: "ftp://api.jiwa.com.au" })).toThrow(/must be an http\(s\) URL/);
    expect(() => createJiwaClient({ baseUrl: "https://api.jiwa.com.au/Inventory" })).toThrow(
      /must stop before \/Inventory, \/Queries or \/auth.*use "https:\/\/api.jiwa.com.au"/,
    );
    expect(() => createJiwaClient({ baseUrl: "https://api.jiwa.com.au/?format=json" })).toThrow(/must not have a query string/);
    const err = (() => {
      try {
        createJiwaClient({ baseUrl: "https://api:hunter2@api.jiwa.com.au" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/must not contain a user name or password/);
    expect(err?.message).not.toContain("hunter2");
  });

  it("refuses a bad timeout or retry count, naming the option", () => {
    expect(() => createJiwaClient({ baseUrl: "https://api.jiwa.com.au", timeoutMs: 0 })).toThrow(/option `timeoutMs`/);
    expect(() => createJiwaClient({ baseUrl: "https://api.jiwa.com.au", maxRetries: -1 })).toThrow(/option `maxRetries`/);
  });

  it("keeps a base path and always asks for JSON, whatever the extra headers say", async () => {
    server = await testServer((_req, res) => json(res, 200, { InventoryID }));
    const jiwa = createJiwaClient({ baseUrl: `${server.url}/jiwa/`, headers: { accept: "text/html", "X-Client": "b2bkit-test" } });
    await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }));
    expect(server.seen[0]).toMatchObject({ url: `/jiwa/Inventory/${InventoryID}` });
    expect(server.seen[0]!.headers).toMatchObject({ accept: "application/json", "x-client": "b2bkit-test" });
  });
});

describe("ServiceStack errors", () => {
  it("become an ApiError with the ErrorCode, the message and the field errors", async () => {
    const Errors = [{ ErrorCode: "NotEmpty", FieldName: "PartNo", Message: "'Part No' must not be empty." }];
    server = await testServer((_req, res) =>
      json(res, 400, { ResponseStatus: { ErrorCode: "NotEmpty", Message: "'Part No' must not be empty.", Errors } }),
    );
    const jiwa = createJiwaClient({ baseUrl: server.url });
    const err = (await unwrap(jiwa.POST("/Inventory", { body: { PartNo: "" } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "NotEmpty", details: Errors });
    expect(err.message).toBe(`HTTP 400 NotEmpty: 'Part No' must not be empty. (POST ${server.url}/Inventory)`);
  });

  it("are not retried when they are final (404), and carry the vendor's wording", async () => {
    server = await testServer((_req, res) =>
      json(res, 404, { ResponseStatus: { ErrorCode: "RecordNotFoundException", Message: `No inventory item with an InventoryID of ${InventoryID} was found.` } }),
    );
    const err = (await unwrap(createJiwaClient({ baseUrl: server.url }).GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toMatchObject({ status: 404, code: "RecordNotFoundException" });
    expect(err.message).toContain("was found");
    expect(server.seen).toHaveLength(1);
  });

  it("are failures even in a 200 answer that carries an ErrorCode", async () => {
    server = await testServer((_req, res) => json(res, 200, { Offset: 0, Results: [], ResponseStatus: { ErrorCode: "ArgumentException", Message: "Unknown field 'Colour'" } }));
    const jiwa = createJiwaClient({ baseUrl: server.url });
    const err = (await unwrap(jiwa.GET("/Queries/IN_Main", { params: { query: { Fields: "Colour" } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 200, code: "ArgumentException" });
    expect(err.message).toContain("Unknown field 'Colour'");
  });

  it("leave a successful answer with an empty ResponseStatus alone", () => {
    expect(jiwaErrors.failureIn2xx?.({ Offset: 0, Results: [], ResponseStatus: {} })).toBeUndefined();
    expect(jiwaErrors.failureIn2xx?.([{ SettingID: "x" }])).toBeUndefined();
    expect(jiwaErrors.describe("<html>oops</html>")).toBeUndefined();
  });

  it("that are not JSON still become an ApiError with the status", async () => {
    server = await testServer((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad Gateway</html>");
    });
    const jiwa = createJiwaClient({ baseUrl: server.url, maxRetries: 0 });
    const err = (await unwrap(jiwa.GET("/Inventory/CustomFields")).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ name: "ApiError", status: 502, code: undefined });
  });
});
