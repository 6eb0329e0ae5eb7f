// Rules 21–23 (issue 10): options from plain JavaScript, openapi-fetch middleware, and vendor failures in 2xx answers.
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { bystander, closeServers, describeError, json, rejection, settle } from "./harness.js";
import { MODES, VENDOR_MODES, answerOk, host, type Built, type Mode } from "./modes.js";

afterEach(closeServers);

const BAD_OPTIONS: Array<[string, unknown]> = [
  ["retryMethods", "GET"],
  ["headers", "x"],
  ["auth", "x"],
  ["fetch", "x"],
  ["timeoutMs", "5"],
  ["maxRetries", "2"],
];

describe.each(VENDOR_MODES)("rule 21: wrongly typed options are refused at creation ($vendor)", (mode: Mode) => {
  it.each(BAD_OPTIONS)("%s: %j throws a TypeError that names the option", async (name, value) => {
    const server = await bystander();
    let client: Built | undefined;
    let thrown: unknown;
    try {
      client = mode.build(server.url, { client: { [name]: value } });
    } catch (err) {
      thrown = err;
    }
    if (client) {
      // Not refused: say what a call then does (a retried ConnectionError, a 1 ms timeout …).
      const outcome = await settle(client.get());
      expect.fail(`created without error; a call then ${outcome.ok ? "succeeded" : `failed with ${describeError(outcome.error)}`}`);
    }
    expect(thrown, describeError(thrown)).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toContain(name);
    expect(server.seen).toEqual([]);
  });
});

describe.each(MODES)("rule 22: openapi-fetch middleware works on every client ($name)", (mode: Mode) => {
  it("onRequest gets a real Request (instanceof, clone()); a new Request with an extra header reaches the server with the credentials", async () => {
    const api = await host(mode, answerOk(mode));
    const client = mode.build(api.url);
    const observed: Array<{ isRequest: boolean; cloned: string }> = [];
    client.use({
      onRequest({ request }) {
        let cloned = "no";
        try {
          cloned = request.clone() instanceof Request ? "yes" : "not a Request";
        } catch (err) {
          cloned = describeError(err);
        }
        observed.push({ isRequest: request instanceof Request, cloned });
        const headers = new Headers(request.headers);
        headers.set("x-extra", "from-middleware");
        return new Request(request, { headers });
      },
    });
    const outcome = await settle(client.get());
    expect(observed).toEqual([{ isRequest: true, cloned: "yes" }]);
    expect(outcome.ok, outcome.ok ? "" : describeError(outcome.error)).toBe(true);
    if (outcome.ok) expect(outcome.value.data).toEqual(mode.ok);
    const [call] = api.calls();
    expect(call?.headers["x-extra"]).toBe("from-middleware");
    await mode.expectCredential(call!);
  });

  it("a POST through onRequest: the clone's body is the body, and the server gets it with the credentials", async () => {
    const api = await host(mode, answerOk(mode));
    const client = mode.build(api.url);
    const bodies: string[] = [];
    client.use({
      async onRequest({ request }) {
        bodies.push(await request.clone().text());
      },
    });
    const outcome = await settle(client.post());
    expect(outcome.ok, outcome.ok ? "" : describeError(outcome.error)).toBe(true);
    expect(bodies).toEqual([mode.post.body]);
    const [call] = api.calls();
    expect(call?.body).toBe(mode.post.body);
    await mode.expectCredential(call!);
  });
});

describe.each(MODES.filter((m) => m.failure2xx))("rule 23: a vendor failure in a 2xx answer is thrown for every call style ($name)", (mode: Mode) => {
  const failure = mode.failure2xx!;
  it(`await client.GET(…) rejects with an ApiError carrying code ${String(failure.code)}`, async () => {
    const api = await host(mode, (_req, res) => json(res, 200, failure.body));
    const err = await rejection(mode.build(api.url).get());
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.code).toBe(failure.code);
    expect(err.status).toBe(200);
  });

  it(`unwrap(client.GET(…)) rejects with an ApiError carrying code ${String(failure.code)}`, async () => {
    const api = await host(mode, (_req, res) => json(res, 200, failure.body));
    const client = mode.build(api.url);
    const err = await rejection(client.unwrap(client.get()));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.code).toBe(failure.code);
  });

  it("with middleware in use (real Requests), the same failure is still thrown, never data", async () => {
    const api = await host(mode, (_req, res) => json(res, 200, failure.body));
    const client = mode.build(api.url);
    client.use({ onRequest: () => undefined });
    const err = await rejection(client.get());
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.code).toBe(failure.code);
  });
});
