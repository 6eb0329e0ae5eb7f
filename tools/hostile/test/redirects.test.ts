// Rules 1–4 (issue 10): credentials never follow a redirect, a login or a client to another origin.
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError, RedirectError } from "@b2bkit/core";
import { bystander, closeServers, describeError, json, pathOf, rejection, type TestServer } from "./harness.js";
import { LOGIN_MODES, MODES, answerOk, host, type Mode } from "./modes.js";

afterEach(closeServers);

const STATUSES = [301, 302, 303, 307, 308];
const redirectTo = (status: number, location: string) => (_req: unknown, res: import("node:http").ServerResponse) => {
  res.writeHead(status, { location, "content-type": "text/plain" });
  res.end("moved");
};

/** A fetch that plays `https://api.hostile.test` on `secure` and `http://api.hostile.test` on `plain`. */
function twoSchemes(secure: TestServer, plain: TestServer) {
  const host = "api.hostile.test";
  return (input: Request | string | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const mapped = url.startsWith(`https://${host}`)
      ? secure.url + url.slice(`https://${host}`.length)
      : url.startsWith(`http://${host}`)
        ? plain.url + url.slice(`http://${host}`.length)
        : url;
    return fetch(mapped, init);
  };
}

describe.each(MODES)("rule 1: a redirect to another origin is refused ($name)", (mode: Mode) => {
  it.each(STATUSES)("%i to another port: RedirectError, and the other server gets nothing", async (status) => {
    const other = await bystander();
    const target = `${other.url}/steal?token=leak-me-123&page=2`;
    const api = await host(mode, redirectTo(status, target));
    const err = await rejection(mode.build(api.url).get());
    expect(err, describeError(err)).toBeInstanceOf(RedirectError);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.name).toBe("RedirectError");
    expect(err.location).toBe(`${other.url}/steal?token=[redacted]&page=2`);
    expect(err.message).toContain(other.url);
    expect(api.calls().length).toBeGreaterThanOrEqual(1);
    expect(other.seen).toEqual([]);
  });

  it.each([302, 307])("%i to another host on the same port (127.0.0.1 → localhost): refused", async (status) => {
    let api!: Awaited<ReturnType<typeof host>>;
    api = await host(mode, (req, res) => {
      if (pathOf(req.url) === "/steal") return json(res, 200, mode.ok);
      redirectTo(status, `http://localhost:${new URL(api.url).port}/steal`)(req, res);
    });
    const err = await rejection(mode.build(api.url).get());
    expect(err.name, describeError(err)).toBe("RedirectError");
    expect(err.message).toContain(`http://localhost:${new URL(api.url).port}`);
    expect(api.server.seen.filter((r) => pathOf(r.url) === "/steal")).toEqual([]);
  });

  it.each([301, 302, 307, 308])("%i from https to http on the same host: refused", async (status) => {
    const plain = await bystander();
    let secure!: Awaited<ReturnType<typeof host>>;
    secure = await host(mode, redirectTo(status, "http://api.hostile.test/steal"));
    const client = mode.build("https://api.hostile.test", { client: { fetch: twoSchemes(secure.server, plain) } });
    const err = await rejection(client.get());
    expect(err.name, describeError(err)).toBe("RedirectError");
    expect(err.message).toContain("http://api.hostile.test");
    expect(secure.calls().length).toBeGreaterThanOrEqual(1);
    expect(plain.seen).toEqual([]);
  });
});

/** Where a same-origin redirect sends: inside the vendor's own route tree, with a query. */
const movedPath = (mode: Mode) => (mode.vendor === "tlsecure" ? "/api/json/00000/customer/moved" : "/moved/here");

describe.each(MODES)("rule 2: a same-origin redirect is followed, with fresh credentials ($name)", (mode: Mode) => {
  const moved = `${movedPath(mode)}?page=2`;
  const serveMoved = (status: number) => (req: { url: string }, res: import("node:http").ServerResponse) =>
    pathOf(req.url) === movedPath(mode) ? json(res, 200, mode.ok) : redirectTo(status, moved)(req, res);

  it.each(STATUSES)("GET answered %i: the request at the new path carries the credentials made for it", async (status) => {
    const api = await host(mode, serveMoved(status));
    const result = await mode.build(api.url).get();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(mode.ok);
    const calls = api.calls();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([expect.stringMatching(/^GET /), `GET ${moved}`]);
    await mode.expectCredential(calls[0]!);
    await mode.expectCredential(calls[1]!);
    if (mode.vendor === "amage") expect(calls[1]!.headers["amage-api-sign"]).not.toBe(calls[0]!.headers["amage-api-sign"]);
    if (mode.login) expect(api.logins()).toHaveLength(1);
  });

  it("POST answered 303: followed with a GET without body", async () => {
    const api = await host(mode, serveMoved(303));
    const result = await mode.build(api.url).post();
    expect(result.error).toBeUndefined();
    const [first, second] = api.calls();
    expect(first?.method).toBe("POST");
    expect(first?.body).toBe(mode.post.body);
    expect(second?.method).toBe("GET");
    expect(second?.url).toBe(moved);
    expect(second?.body).toBe("");
    expect(second?.headers["content-type"]).toBeUndefined();
    await mode.expectCredential(second!);
  });

  it.each([307, 308])("POST answered %i: followed with the same method and body", async (status) => {
    const api = await host(mode, serveMoved(status));
    const result = await mode.build(api.url).post();
    expect(result.error).toBeUndefined();
    const [first, second] = api.calls();
    expect(second?.method).toBe("POST");
    expect(second?.url).toBe(moved);
    expect(second?.body).toBe(mode.post.body);
    expect(second?.headers["content-type"]).toBe(first?.headers["content-type"]);
    await mode.expectCredential(second!);
  });
});

describe.each(LOGIN_MODES)("rule 3: a login redirected to another origin stays home ($name)", (mode: Mode) => {
  it.each(STATUSES)("login answered %i to another origin: AuthError, the other origin gets nothing", async (status) => {
    const other = await bystander();
    const api = await host(mode, answerOk(mode), (_req, res) => redirectTo(status, `${other.url}/login-elsewhere`)(_req, res));
    const err = await rejection(mode.build(api.url).get());
    expect(err, describeError(err)).toBeInstanceOf(AuthError);
    expect(api.logins().length).toBeGreaterThanOrEqual(1);
    expect(other.seen).toEqual([]);
    // Without a credential, the API call itself is never sent.
    expect(api.calls()).toEqual([]);
  });
});

describe.each(MODES)("rule 4: one auth, one origin ($name)", (mode: Mode) => {
  it("a second client on another origin sharing the auth is refused before anything reaches it", async () => {
    const a = await host(mode, answerOk(mode));
    const b = await host(mode, answerOk(mode));
    const first = mode.build(a.url);
    expect((await first.get()).data).toEqual(mode.ok);
    const second = mode.build(b.url, { auth: first.auth });
    const err = await rejection(second.get());
    expect(err, describeError(err)).toBeInstanceOf(AuthError);
    expect(b.server.seen).toEqual([]);
  });

  it("a per-call baseUrl on another origin is refused before anything reaches it", async () => {
    const a = await host(mode, answerOk(mode));
    const b = await host(mode, answerOk(mode));
    const client = mode.build(a.url);
    expect((await client.get()).data).toEqual(mode.ok);
    const err = await rejection(client.get({ baseUrl: b.url }));
    expect(err, describeError(err)).toBeInstanceOf(AuthError);
    expect(b.server.seen).toEqual([]);
  });
});
