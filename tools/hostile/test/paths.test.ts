// Rules 9–10 (issue 10): a caller's path parameter or query key cannot change the request's path or add parameters.
import { afterEach, describe, expect, it } from "vitest";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createJiwaClient } from "@b2bkit/jiwa-client";
import { closeServers, describeError, json, pathOf, serve, settle } from "./harness.js";
import { MODES, answerOk, host, type Mode } from "./modes.js";

afterEach(closeServers);

const BAD_VALUES: Array<[string, (name: string) => Record<string, unknown> | undefined]> = [
  ["no params at all", () => undefined],
  ["missing from params.path", () => ({})],
  ["undefined", (name) => ({ [name]: undefined })],
  ['""', (name) => ({ [name]: "" })],
  ['"."', (name) => ({ [name]: "." })],
  ['".."', (name) => ({ [name]: ".." })],
  ["an object", (name) => ({ [name]: { id: "x" } })],
  ["an array", (name) => ({ [name]: ["a", "b"] })],
];

describe.each(MODES)("rule 9: bad path parameters are refused before anything is sent ($name)", (mode: Mode) => {
  it.each(BAD_VALUES)("%s: a rejected promise with a TypeError naming the operation and the parameter", async (_what, params) => {
    const api = await host(mode, answerOk(mode));
    let call: Promise<unknown> | undefined;
    expect(() => (call = mode.build(api.url).withPath(params(mode.param.name)))).not.toThrow();
    expect(call).toBeInstanceOf(Promise);
    const outcome = await settle(call!);
    expect(outcome.ok, outcome.ok ? "resolved" : describeError(outcome.error)).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error, describeError(outcome.error)).toBeInstanceOf(TypeError);
    const message = (outcome.error as Error).message;
    expect(message).toContain(mode.param.op);
    expect(message).toContain(mode.param.name);
    // Nothing at all: no login, no request.
    expect(api.server.seen).toEqual([]);
  });
});

describe("rule 9: Jiwa DELETE /Inventory/{InventoryID}/Notes/{NoteID} with NoteID '..'", () => {
  it("never reaches the server (it would delete /Inventory/{InventoryID})", async () => {
    const server = await serve((_req, res) => json(res, 204, {}));
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ apiKey: "jiwa-api-key-Np4Ts9Qe" }), maxRetries: 0 });
    const outcome = await settle(
      jiwa.DELETE("/Inventory/{InventoryID}/Notes/{NoteID}", { params: { path: { InventoryID: "000000000K00000000BQ", NoteID: ".." } } }),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error, describeError(outcome.error)).toBeInstanceOf(TypeError);
      expect((outcome.error as Error).message).toContain("DELETE /Inventory/{InventoryID}/Notes/{NoteID}");
      expect((outcome.error as Error).message).toContain("NoteID");
    }
    expect(server.seen).toEqual([]);
  });
});

describe.each(MODES)("rule 10: a query key cannot add parameters ($name)", (mode: Mode) => {
  it('"a&admin=1" and "x=1&y" arrive as one key each', async () => {
    const api = await host(mode, answerOk(mode));
    const result = await mode.build(api.url).getQuery({ "a&admin=1": "v1", "x=1&y": "v2" });
    expect(result.error).toBeUndefined();
    const [call] = api.calls();
    expect(pathOf(call!.url)).toBe(mode.getPath);
    const query = new URL(call!.url, "http://x").searchParams;
    expect(query.get("a&admin=1")).toBe("v1");
    expect(query.get("x=1&y")).toBe("v2");
    expect(query.has("admin")).toBe(false);
    expect(query.has("a")).toBe(false);
    expect(query.has("x")).toBe(false);
    expect(query.has("y")).toBe(false);
    await mode.expectCredential(call!);
  });
});
