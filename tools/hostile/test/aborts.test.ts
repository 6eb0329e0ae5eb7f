// Rules 5–8 (issue 10): a caller's abort is honoured at once, wherever the call is; timeouts are what they say.
import { afterEach, describe, expect, it } from "vitest";
import { AuthError } from "@b2bkit/core";
import { closeServers, describeError, halfBody, json, pathOf, rejection, settle, sleep, until } from "./harness.js";
import { LOGIN_MODES, MODES, VENDOR_MODES, answerOk, host, type Built, type Mode } from "./modes.js";

afterEach(closeServers);

/** Starts `call`, waits for `ready`, aborts and says how long the rejection took, and with what. */
async function abortWhen(call: (signal: AbortSignal) => Promise<unknown>, ready: () => boolean, settleMs = 20) {
  const controller = new AbortController();
  const reason = new DOMException("the caller gave up", "AbortError");
  const outcome = settle(call(controller.signal));
  await until(ready, 3_000, "the call to reach the stalling point");
  await sleep(settleMs); // let it settle into the wait (the backoff sleep, the body read …)
  const abortedAt = performance.now();
  controller.abort(reason);
  const settled = await outcome;
  return { settled, ms: settled.at - abortedAt, reason };
}

describe.each(LOGIN_MODES)("rule 5: an abort while the login is pending ($name)", (mode: Mode) => {
  it("rejects with the caller's reason in well under 100 ms, and sends no API request", async () => {
    const api = await host(mode, answerOk(mode), () => undefined); // the login never answers
    const client = mode.build(api.url);
    const { settled, ms, reason } = await abortWhen((signal) => client.get({ signal }), () => api.logins().length === 1);
    expect(settled.ok).toBe(false);
    if (!settled.ok) expect(settled.error, describeError(settled.error)).toBe(reason);
    expect(ms).toBeLessThan(100);
    expect(api.calls()).toEqual([]);
  });
});

describe.each(MODES)("rule 5: an abort during a backoff or a streaming body ($name)", (mode: Mode) => {
  it("during the backoff sleep after a 503 (backoff 10 s): rejects in well under 100 ms, no second attempt", async () => {
    const api = await host(mode, (_req, res) => json(res, 503, { message: "busy" }));
    const client = mode.build(api.url, { client: { backoff: { initialMs: 10_000, maxMs: 10_000 }, maxRetries: 2 } });
    const { settled, ms, reason } = await abortWhen((signal) => client.get({ signal }), () => api.calls().length === 1);
    expect(settled.ok).toBe(false);
    if (!settled.ok) expect(settled.error, describeError(settled.error)).toBe(reason);
    expect(ms).toBeLessThan(100);
    await sleep(20);
    expect(api.calls()).toHaveLength(1);
  });

  it("while waiting out a 503's Retry-After: 30: rejects in well under 100 ms", async () => {
    const api = await host(mode, (_req, res) => json(res, 503, { message: "busy" }, { "retry-after": "30" }));
    const client = mode.build(api.url, { client: { maxRetries: 2 } });
    const { settled, ms, reason } = await abortWhen((signal) => client.get({ signal }), () => api.calls().length === 1);
    expect(settled.ok).toBe(false);
    if (!settled.ok) expect(settled.error, describeError(settled.error)).toBe(reason);
    expect(ms).toBeLessThan(100);
  });

  it("while a 2xx body streams (half a JSON body, then silence): rejects in well under 100 ms", async () => {
    const api = await host(mode, (_req, res) => halfBody(res));
    const client = mode.build(api.url, { client: { timeoutMs: 10_000 } });
    const { settled, ms, reason } = await abortWhen((signal) => client.get({ signal }), () => api.calls().length === 1, 40);
    expect(settled.ok).toBe(false);
    if (!settled.ok) expect(settled.error, describeError(settled.error)).toBe(reason);
    expect(ms).toBeLessThan(100);
  });
});

describe.each(LOGIN_MODES)("rule 6: a request aborted while its login is pending is never sent ($name)", (mode: Mode) => {
  it(`${mode.remove.method} ${mode.remove.path}: not sent, even after the login completes`, async () => {
    let granted = false;
    const api = await host(mode, answerOk(mode), (_req, _res, _n, grant) =>
      void setTimeout(() => {
        grant();
        granted = true;
      }, 150),
    );
    const client = mode.build(api.url);
    const { settled, reason } = await abortWhen((signal) => client.remove({ signal }), () => api.logins().length === 1, 5);
    expect(settled.ok).toBe(false);
    if (!settled.ok) expect(settled.error, describeError(settled.error)).toBe(reason);
    await until(() => granted, 3_000, "the login to complete");
    // The login's credential is there for later calls: one goes out, the aborted one never does.
    expect((await client.get()).data).toEqual(mode.ok);
    await sleep(30);
    const removes = api.calls().filter((c) => c.method === mode.remove.method && pathOf(c.url) === mode.remove.path);
    expect(removes).toEqual([]);
  });
});

/** Creation refuses the option with a TypeError naming it, or the call is not timed out early. */
async function refusedOrHonoured(option: string, build: () => Built, expected: unknown) {
  let client: Built;
  try {
    client = build();
  } catch (err) {
    expect(err, describeError(err)).toBeInstanceOf(TypeError);
    expect((err as Error).message).toContain(option);
    return;
  }
  const result = await client.get();
  expect(result.data).toEqual(expected);
}

describe.each(VENDOR_MODES)("rule 7: huge timeouts are refused or honoured, never 1 ms ($vendor)", (mode: Mode) => {
  it("timeoutMs: 2**31", async () => {
    const api = await host(mode, (_req, res) => void setTimeout(() => json(res, 200, mode.ok), 60));
    await refusedOrHonoured("timeoutMs", () => mode.build(api.url, { client: { timeoutMs: 2 ** 31 } }), mode.ok);
  });
});

describe.each(LOGIN_MODES)("rule 7: huge login timeouts are refused or honoured ($name)", (mode: Mode) => {
  it("loginTimeoutMs: 2**31", async () => {
    const api = await host(mode, answerOk(mode), (_req, _res, _n, grant) => void setTimeout(grant, 60));
    await refusedOrHonoured("loginTimeoutMs", () => mode.build(api.url, { authOptions: { loginTimeoutMs: 2 ** 31 } }), mode.ok);
  });
});

describe.each(LOGIN_MODES)("rule 8: a login body that stalls past loginTimeoutMs ($name)", (mode: Mode) => {
  it("rejects with an AuthError that says it timed out, soon after loginTimeoutMs", async () => {
    const api = await host(mode, answerOk(mode), (_req, res) => halfBody(res));
    const client = mode.build(api.url, { authOptions: { loginTimeoutMs: 100 } });
    const started = performance.now();
    const err = await rejection(client.get());
    const ms = performance.now() - started;
    expect(err, describeError(err)).toBeInstanceOf(AuthError);
    expect(err.message).toContain("timed out after");
    expect(ms).toBeGreaterThanOrEqual(90);
    expect(ms).toBeLessThan(1_000);
    expect(api.calls()).toEqual([]);
  });
});
