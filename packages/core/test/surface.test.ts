// What applications may rely on (`@b2bkit/core`), what only vendor packages use (`@b2bkit/core/internal`), and the
// error guard that works across copies of core, as the built package ships them.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const DIST = join(import.meta.dirname, "..", "dist");
const require = createRequire(import.meta.url);
type Core = typeof import("../src/internal.js");
const esm = (entry: string) => import(pathToFileURL(join(DIST, `${entry}.js`)).href) as Promise<Core>;
const cjs = (entry: string) => require(join(DIST, `${entry}.cjs`)) as Core;

describe("@b2bkit/core's public surface", () => {
  it("exports what applications use, and none of the internals", async () => {
    const names = Object.keys(await esm("index")).sort();
    for (const internal of ["PreparedRequest", "backoffDelay", "retryAfter", "defaultExport", "requestOf", "createApiClient", "createUnwrap", "checkBaseUrl", "createListAll", "until", "numberOption", "apiErrorFrom", "callOptions", "createLoginFetch"]) {
      expect(names, internal).not.toContain(internal);
    }
    for (const name of ["ApiError", "AuthError", "B2bkitError", "ConnectionError", "RedirectError", "TimeoutError", "isB2bkitError", "tokenAuth", "headerAuth", "createFetch", "paginate", "redactSecrets"]) {
      expect(names, name).toContain(name);
    }
    // `internal` has everything vendor packages need, and the public names too (one import site for them).
    const internal = Object.keys(await esm("internal"));
    for (const name of [...names, "createApiClient", "createListAll", "checkBaseUrl", "defaultExport", "callOptions", "createLoginFetch"]) expect(internal, name).toContain(name);
  });

  it("has one set of error classes per format: an error from `internal` is an instance of the public class", async () => {
    expect(new (await esm("internal")).ApiError({ status: 400 })).toBeInstanceOf((await esm("index")).ApiError);
    expect(new (cjs("internal")).ApiError({ status: 400 })).toBeInstanceOf(cjs("index").ApiError);
  });
});

describe("isB2bkitError", () => {
  it("recognises an error from another copy of core (CommonJS beside ESM), where instanceof cannot", async () => {
    const { isB2bkitError, ApiError } = await esm("index");
    const fromCjs = new (cjs("index").RedirectError)({ status: 302, location: "https://elsewhere.example/" });
    expect(fromCjs instanceof ApiError).toBe(false);
    expect(isB2bkitError(fromCjs)).toBe(true);
    expect(isB2bkitError(fromCjs, "ApiError")).toBe(true); // a RedirectError is an ApiError
    expect(isB2bkitError(fromCjs, "RedirectError")).toBe(true);
    expect(isB2bkitError(fromCjs, "AuthError")).toBe(false);
    if (isB2bkitError(fromCjs, "ApiError")) expect(fromCjs.status).toBe(302);
  });

  it("is false for anything else, including look-alikes", async () => {
    const { isB2bkitError } = await esm("index");
    for (const value of [new Error("x"), { name: "ApiError", status: 400 }, Object.assign(new Error("x"), { name: "ApiError" }), null, undefined, "ApiError", 42]) {
      expect(isB2bkitError(value), String(value)).toBe(false);
    }
    expect(isB2bkitError(new (cjs("index").TimeoutError)("slow", { timeoutMs: 5 }), "TimeoutError")).toBe(true);
    // The brand is not an own field: logs and JSON of an error are unchanged.
    const error = new (cjs("index").ApiError)({ status: 500 });
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: "ApiError", message: "HTTP 500", status: 500, details: [] });
  });
});
