// Failures on request, against the mock: every answer the spec declares comes back when asked with Prism's
// `Prefer: code=<status>[, example=<name>]` (a per-call header through the client, or curl), with the client's own
// Accept header — and through the client it is the typed error, carrying ServiceStack's ErrorCode and Message.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { ApiError, AuthError } from "@b2bkit/core";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createJiwaClient, unwrap } from "../src/index.js";
import { CategoryID, InventoryID, NoteID } from "./helpers.js";
import { preferring, testDeclaredAnswers } from "@b2bkit/mock/behaviour";

const SPEC = new URL("../openapi.json", import.meta.url);
const spec = JSON.parse(readFileSync(SPEC, "utf8")) as {
  components: { responses: Record<string, { content: { "application/json": { examples: Record<string, { value: { ResponseStatus: { ErrorCode: string; Message: string } } }> } } }> };
};

describe("every declared answer of the spec, on request", () => {
  testDeclaredAnswers(SPEC, { mock: () => inject("mock:jiwa"), accept: "application/json", headers: { cookie: "ss-id=6w1nLX8r0sIrJHClX9Vj" } });
});

describe("a failure asked for through the client is the typed error, with ServiceStack's code and message", () => {
  const jiwa = createJiwaClient({ baseUrl: inject("mock:jiwa"), auth: jiwaAuth({ apiKey: "test-api-key" }), maxRetries: 0 });
  const item = { path: { InventoryID } };
  // Each call asks the mock for `prefer`, through openapi-fetch's per-call headers.
  const calls: Record<string, (prefer: string) => Promise<{ data?: unknown; error?: unknown; response: Response }>> = {
    "GET /Queries/IN_Main": (prefer: string) => jiwa.GET("/Queries/IN_Main", { params: { query: { PartNoStartsWith: "a" } }, headers: { Prefer: prefer } }),
    "GET /Inventory/{InventoryID}": (prefer: string) => jiwa.GET("/Inventory/{InventoryID}", { params: item, headers: { Prefer: prefer } }),
    "POST /Inventory": (prefer: string) => jiwa.POST("/Inventory", { body: { PartNo: "NewPartNo" }, headers: { Prefer: prefer } }),
    "PATCH /Inventory/{InventoryID}": (prefer: string) => jiwa.PATCH("/Inventory/{InventoryID}", { params: item, body: { Description: "x" }, headers: { Prefer: prefer } }),
    "DELETE /Inventory/{InventoryID}": (prefer: string) => jiwa.DELETE("/Inventory/{InventoryID}", { params: item, headers: { Prefer: prefer } }),
    "GET /Inventory/{InventoryID}/Notes/{NoteID}": (prefer: string) =>
      jiwa.GET("/Inventory/{InventoryID}/Notes/{NoteID}", { params: { path: { InventoryID, NoteID } }, headers: { Prefer: prefer } }),
    "GET /Inventory/Categories/{CategoryID}": (prefer: string) =>
      jiwa.GET("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID } }, headers: { Prefer: prefer } }),
  };
  const errors = { 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 500: "InternalServerError" } as const;
  const table = Object.keys(calls).flatMap((call) => Object.entries(errors).map(([status, response]) => ({ call, status: Number(status), response })));

  it.each(table)("$call with Prefer: code=$status", async ({ call, status, response }) => {
    const [example] = Object.values(spec.components.responses[response]!.content["application/json"].examples);
    const { ErrorCode, Message } = example!.value.ResponseStatus;
    const err = (await unwrap(calls[call]!(`code=${status}`)).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status, code: ErrorCode });
    expect(err.message).toContain(Message);
  });

  it("a named example is picked with example=<name>", async () => {
    const err = (await unwrap(calls["GET /Inventory/{InventoryID}"]!("code=404, example=notFound")).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 404, code: "RecordNotFoundException" });
  });

  it("a 5xx on a GET is retried as a real one would be (maxRetries), then thrown", async () => {
    let attempts = 0;
    const retrying = createJiwaClient({
      baseUrl: inject("mock:jiwa"),
      auth: jiwaAuth({ apiKey: "test-api-key" }),
      maxRetries: 1,
      backoff: { initialMs: 1, maxMs: 1 },
      fetch: (input, init) => (attempts++, fetch(input, init)),
    });
    await expect(unwrap(retrying.GET("/Inventory/{InventoryID}", { params: item, headers: { Prefer: "code=500" } }))).rejects.toMatchObject({
      name: "ApiError",
      status: 500,
      code: "Exception",
    });
    expect(attempts).toBe(2);
  });
});

describe("a refused sign-in, on request", () => {
  it("Prefer: code=401 on POST /auth is ServiceStack's refusal of a wrong password: an AuthError, and nothing else is sent", async () => {
    const sent: string[] = [];
    const ask = preferring("code=401, example=invalidCredentials", /\/auth$/);
    const jiwa = createJiwaClient({
      baseUrl: inject("mock:jiwa"),
      auth: jiwaAuth({ username: "api", password: "wrong-Pa55word" }),
      fetch: (input, init) => (sent.push(new URL(String(input)).pathname), ask(input, init)),
    });
    const err = (await jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.status).toBe(401);
    expect(err.message).toContain("refused with HTTP 401 (Unauthorized: Invalid Username or Password): check the user name and password");
    expect(sent).toEqual(["/auth"]);
  });

  it("the same with curl: the refusal is the first 401 example of /auth", async () => {
    const res = await fetch(`${inject("mock:jiwa")}/auth`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", prefer: "code=401" },
      body: JSON.stringify({ username: "api", password: "wrong" }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ResponseStatus: { ErrorCode: "Unauthorized", Message: "Invalid Username or Password" } });
  });
});
