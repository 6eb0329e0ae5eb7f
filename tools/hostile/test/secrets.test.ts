// Rules 19–20 (issue 10): a server that echoes everything it got cannot put a secret into an error.
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError } from "@b2bkit/core";
import { asciiJson, bystander, closeServers, describeError, leaks, rejection, type Seen } from "./harness.js";
import { LOGIN_MODES, MODES, host, secretsOf, type Mode } from "./modes.js";

afterEach(closeServers);

/** A body that puts `echo` in every vendor's message field, so each client's error reader picks it up. */
const echoFields = (echo: unknown) => ({
  message: echo,
  detail: echo,
  title: echo,
  errorCode: "ECHO",
  ResponseStatus: { ErrorCode: "ECHO", Message: echo, Errors: [{ ErrorCode: "ECHO", FieldName: "password", Message: echo }] },
  response: { success: false, code: 9, message: echo },
  errors: [{ memberName: "password", message: echo }],
});

/**
 * The hostile answer: everything the server ever received (the login and its password included) in the body, raw
 * UTF-8 or `\u00e4`-escaped, and the current request's headers in the status text, `x-request-id` and Prism's
 * `sl-violations`.
 */
function echoAll(res: ServerResponse, status: number, seen: Seen[], escaped: boolean, type = "application/json") {
  const everything = `Pass-through marker ${JSON.stringify(seen.map(({ method, url, headers, body }) => ({ method, url, headers, body })))}`;
  const current = seen[seen.length - 1]!;
  const headerEcho = asciiJson(JSON.stringify(current.headers)).slice(1, -1);
  const body = JSON.stringify({ ...echoFields(everything), seen });
  res.writeHead(status, `Bad ${headerEcho}`.slice(0, 2_000), {
    "content-type": type,
    "x-request-id": headerEcho,
    "sl-violations": asciiJson(JSON.stringify([{ location: ["request", "header"], severity: "Error", message: everything }])).slice(1, -1),
  });
  // \u-escaping the serialised JSON keeps it valid JSON that parses back to the same text.
  res.end(escaped ? body.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : body);
}

function expectNoLeak(err: unknown, secrets: string[]) {
  expect(secrets.length).toBeGreaterThan(0);
  expect(leaks(err, secrets), `secrets found in ${describeError(err)}`).toEqual([]);
}

describe.each(MODES)("rule 19: an echoing server cannot put a secret into an ApiError ($name)", (mode: Mode) => {
  for (const status of [400, 500]) {
    for (const escaped of [false, true]) {
      it(`${status}, echo ${escaped ? "\\u-escaped" : "raw UTF-8"}: unwrap's ApiError holds no secret`, async () => {
        let api!: Awaited<ReturnType<typeof host>>;
        api = await host(mode, (_req, res) => echoAll(res, status, api.server.seen, escaped));
        const client = mode.build(api.url, { client: { maxRetries: 0 } });
        const err = await rejection(client.unwrap(client.get()));
        expect(err, describeError(err)).toBeInstanceOf(ApiError);
        expect(err.status).toBe(status);
        // The echo did reach the error (else the test proves nothing) …
        expect(JSON.stringify(err.body)).toContain("Pass-through marker");
        // … without any secret.
        expectNoLeak(err, secretsOf(mode, api.server.seen));
      });
    }
  }

  it("a 400 with an empty body, echoing the headers in the status text and x-request-id: the ApiError holds no secret", async () => {
    let api!: Awaited<ReturnType<typeof host>>;
    api = await host(mode, (req, res) => {
      const echo = `Pass-through marker ${asciiJson(JSON.stringify(req.headers)).slice(1, -1)}`;
      res.writeHead(400, echo.slice(0, 2_000), { "x-request-id": echo });
      res.end();
    });
    const client = mode.build(api.url);
    const err = await rejection(client.unwrap(client.get()));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    // The status text became the message (else the test proves nothing) …
    expect(err.message).toContain("Pass-through marker");
    expect(err.requestId).toContain("Pass-through marker");
    // … without any secret.
    expectNoLeak(err, secretsOf(mode, api.server.seen));
  });

  it("a redirect to another origin whose Location echoes the credential: the RedirectError holds no secret", async () => {
    const other = await bystander();
    const api = await host(mode, (req, res) => {
      const echoed = mode.credentialOf(req).map((v, i) => `e${i}=${encodeURIComponent(v)}`).join("&");
      res.writeHead(302, { location: `${other.url}/elsewhere?${echoed}` });
      res.end();
    });
    const err = await rejection(mode.build(api.url).get());
    expect(err.name, describeError(err)).toBe("RedirectError");
    expect(String(err.location)).toContain("e0=");
    expect(other.seen).toEqual([]);
    expectNoLeak(err, secretsOf(mode, api.server.seen));
  });

  it("a 2xx answer that is not JSON, echoing everything: the INVALID_JSON ApiError holds no secret", async () => {
    let api!: Awaited<ReturnType<typeof host>>;
    api = await host(mode, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-request-id": asciiJson(JSON.stringify(api.server.seen)).slice(1, 4_000) });
      res.end(`not json: Pass-through marker ${JSON.stringify(api.server.seen)}`);
    });
    const err = await rejection(mode.build(api.url).get());
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.code).toBe("INVALID_JSON");
    expect(String(err.body)).toContain("Pass-through marker");
    expectNoLeak(err, secretsOf(mode, api.server.seen));
  });

  if (mode.failure2xx) {
    it("a vendor failure in a 2xx answer, echoing everything: the ApiError holds no secret", async () => {
      let api!: Awaited<ReturnType<typeof host>>;
      api = await host(mode, (_req, res) => {
        const everything = `Pass-through marker ${JSON.stringify(api.server.seen)}`;
        const failure = mode.failure2xx!.body as Record<string, unknown>;
        const body =
          mode.vendor === "tlsecure"
            ? { response: { success: false, code: 10, message: everything } }
            : mode.vendor === "jiwa"
              ? { ResponseStatus: { ErrorCode: "E", Message: everything } }
              : { ...failure, message: everything };
        res.writeHead(200, { "content-type": "application/json", "x-request-id": asciiJson(everything).slice(1, 4_000) });
        res.end(JSON.stringify({ ...body, seen: api.server.seen }));
      });
      const err = await rejection(mode.build(api.url).get());
      expect(err, describeError(err)).toBeInstanceOf(ApiError);
      expect(err.code).toBe(mode.failure2xx!.code);
      expect(JSON.stringify(err.body)).toContain("Pass-through marker");
      expectNoLeak(err, secretsOf(mode, api.server.seen));
    });
  }
});

describe.each(LOGIN_MODES.filter((m) => m.login!.password))("rule 19: a login refusal that echoes the password ($name)", (mode: Mode) => {
  for (const escaped of [true, false]) {
    it(`401 echoing the login request (password "Pässwörd-1" ${escaped ? "\\u00e4-escaped" : "raw"}): the AuthError holds no secret`, async () => {
      let api!: Awaited<ReturnType<typeof host>>;
      api = await host(
        mode,
        (_req, res) => echoAll(res, 400, api.server.seen, escaped),
        (req, res) => mode.login!.refuse(res, req, !escaped),
      );
      const client = mode.build(api.url);
      const first = await rejection(client.get());
      const again = await rejection(client.get());
      expect(api.logins().length).toBeGreaterThanOrEqual(1);
      // The password went out in the login (so the echo had it) …
      expect(api.logins()[0]!.body).toMatch(/P%C3%A4ssw%C3%B6rd-1|Pässwörd-1/);
      for (const err of [first, again]) {
        expect(err, describeError(err)).toBeInstanceOf(AuthError);
        // … and never came back.
        expectNoLeak(err, secretsOf(mode, api.server.seen));
      }
    });
  }
});

const SECRET_QUERY = ["sig", "signature", "code", "jwt", "otp", "pin", "hash", "bearer", "session", "sid"];
const secretQuery = Object.fromEntries(SECRET_QUERY.map((name) => [name, `val-${name}-9z`]));

describe.each(MODES)("rule 20: secret-looking query values are redacted in error URLs ($name)", (mode: Mode) => {
  it.each([
    ["a 400 through unwrap", (res: ServerResponse) => res.writeHead(400, { "content-type": "application/json" }).end('{"message": "no"}')],
    ["an empty 200 (the transport's EMPTY_BODY)", (res: ServerResponse) => res.writeHead(200, { "content-type": "application/json", "content-length": "0" }).end()],
  ])("%s: err.request.url and err.message show [redacted]", async (_what, answer) => {
    const api = await host(mode, (_req, res) => answer(res));
    const client = mode.build(api.url);
    const err = await rejection(client.unwrap(client.getQuery(secretQuery)));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    const url = (err.request as { url: string }).url;
    expect(api.calls()[0]!.url).toContain("val-sig-9z"); // they were sent
    // Every name at once, so a failure lists all that leak.
    const shown = SECRET_QUERY.filter((name) => !url.includes(`${name}=[redacted]`) || url.includes(`val-${name}-9z`));
    expect(shown, `unredacted in err.request.url: ${url}`).toEqual([]);
    expect(SECRET_QUERY.filter((name) => err.message.includes(`val-${name}-9z`)), "unredacted in err.message").toEqual([]);
  });
});
