// Rules 16–18 (issue 10): a login that fails for a moment is retried; one that is refused is not repeated.
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError } from "@b2bkit/core";
import { closeServers, describeError, json, rejection, settle } from "./harness.js";
import { LOGIN_MODES, answerOk, host, type Mode } from "./modes.js";

afterEach(closeServers);

const twenty = <T>(f: () => T): T[] => Array.from({ length: 20 }, f);

describe.each(LOGIN_MODES)("rule 16: a transient login failure is retried ($name)", (mode: Mode) => {
  it.each(["a 503", "a connection reset"])("20 concurrent cold requests, the first login answered with %s: all succeed, 2 logins", async (failure) => {
    const api = await host(mode, answerOk(mode), (_req, res, n, grant) => {
      if (n > 1) return grant();
      if (failure === "a 503") return json(res, 503, { message: "warming up" });
      res.socket?.destroy();
    });
    const client = mode.build(api.url);
    const results = await Promise.all(twenty(() => settle(client.get())));
    for (const r of results) {
      expect(r.ok, r.ok ? "" : describeError(r.error)).toBe(true);
      if (r.ok) expect(r.value.data).toEqual(mode.ok);
    }
    expect(api.logins()).toHaveLength(2);
    expect(api.calls()).toHaveLength(20);
  });
});

describe.each(LOGIN_MODES)("rule 17: a refused login is remembered ($name)", (mode: Mode) => {
  it("20 sequential requests: AuthError for each, at most 2 logins; reset() makes the next one log in again", async () => {
    let refuse = true;
    const api = await host(mode, answerOk(mode), (req, res, _n, grant) => (refuse ? mode.login!.refuse(res, req) : grant()));
    const client = mode.build(api.url);
    for (let i = 0; i < 20; i++) {
      const err = await rejection(client.get());
      expect(err, describeError(err)).toBeInstanceOf(AuthError);
    }
    expect(api.logins().length).toBeLessThanOrEqual(2);
    // Remembered even once the server would say yes: no login until reset().
    refuse = false;
    const before = api.logins().length;
    expect(await rejection(client.get())).toBeInstanceOf(AuthError);
    expect(api.logins()).toHaveLength(before);
    client.auth.reset!();
    const result = await client.get();
    expect(result.data).toEqual(mode.ok);
    expect(api.logins()).toHaveLength(before + 1);
    expect(api.calls()).toHaveLength(1);
  });

  it("20 concurrent requests (then two more waves of 20): AuthError for each, at most 2 logins", async () => {
    const api = await host(mode, answerOk(mode), (req, res) => mode.login!.refuse(res, req));
    const client = mode.build(api.url);
    const results = await Promise.all(twenty(() => settle(client.get())));
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error, describeError(r.error)).toBeInstanceOf(AuthError);
    }
    // And twice 20 more after them: the refusal is remembered, not asked again per wave.
    for (let wave = 0; wave < 2; wave++) {
      const more = await Promise.all(twenty(() => settle(client.get())));
      expect(more.every((r) => !r.ok && r.error instanceof AuthError)).toBe(true);
    }
    expect(api.logins().length).toBeLessThanOrEqual(2);
    expect(api.calls()).toEqual([]);
  });
});

/** The vendor's own 401 body. */
const unauthorized = (mode: Mode) =>
  mode.vendor === "jiwa"
    ? { ResponseStatus: { ErrorCode: "Unauthorized", Message: "Not Authenticated" } }
    : mode.vendor === "tlsecure"
      ? { response: { success: false, code: 5, message: "invalid token" } }
      : { detail: "Given token not valid", title: "Unauthorized" };

describe.each(LOGIN_MODES)("rule 18: an API that refuses every credential ($name)", (mode: Mode) => {
  it("401 to every request: 20 sequential requests cause at most 3 logins", async () => {
    const api = await host(mode, (_req, res) => json(res, 401, unauthorized(mode)));
    const client = mode.build(api.url);
    for (let i = 0; i < 20; i++) {
      const err = await rejection(client.unwrap(client.get()));
      expect(err, describeError(err)).toBeInstanceOf(ApiError);
      expect(err.status).toBe(401);
    }
    expect(api.logins().length).toBeLessThanOrEqual(3);
    expect(api.calls().length).toBeGreaterThanOrEqual(20);
  });

  if (mode.vendor === "tlsecure") {
    it("HTTP 200 with code 5 'invalid token' to every request: 20 sequential requests cause at most 3 token calls", async () => {
      const api = await host(mode, (_req, res) => json(res, 200, { response: { success: false, code: 5, message: "invalid token" } }));
      const client = mode.build(api.url);
      for (let i = 0; i < 20; i++) {
        const err = await rejection(client.get());
        expect(err, describeError(err)).toBeInstanceOf(ApiError);
        expect(err.code).toBe(5);
      }
      expect(api.logins().length).toBeLessThanOrEqual(3);
    });
  }
});
