// The vendor × auth-mode matrix: for each, how a user builds the client and its auth against a base URL, which
// requests its typed calls send, how a server answers (and refuses) its login, and where its credential travels.
import type { ServerResponse } from "node:http";
import { expect } from "vitest";
import type { Auth, CallOptions } from "@b2bkit/core";
import { amageAuth, defaultSign } from "@b2bkit/amage-auth";
import { createAmageClient, unwrap as amageUnwrap, type AmageClient } from "@b2bkit/amage-client";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createAmplifierClient, unwrap as amplifierUnwrap, type AmplifierClient } from "@b2bkit/amplifier-client";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createJiwaClient, unwrap as jiwaUnwrap, type JiwaClient } from "@b2bkit/jiwa-client";
import { portosAuth } from "@b2bkit/portos-auth";
import { createPortosClient, unwrap as portosUnwrap, type PortosClient } from "@b2bkit/portos-client";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";
import { createTlsecureClient, unwrap as tlsecureUnwrap, type TlsecureClient } from "@b2bkit/tlsecure-client";
import { asciiJson, json, serve, type Seen, type TestServer } from "./harness.js";

export type Vendor = "amage" | "amplifier" | "jiwa" | "portos" | "tlsecure";
export type Result = { data?: unknown; error?: unknown; response: Response };
export type Middleware = Parameters<AmageClient["use"]>[0];
export type ModeAuth = Auth & { reset?(): void };
export type CallInit = {
  signal?: AbortSignal | undefined;
  /** openapi-fetch's per-call base URL. */
  baseUrl?: string | undefined;
};

/** What a built client of a mode can be asked to do: each method is one typed call of that vendor's client. */
export interface Built {
  auth: ModeAuth;
  /** The representative GET (see `Mode.getPath`). */
  get(init?: CallInit): Promise<Result>;
  /** The representative GET with extra query parameters. */
  getQuery(query: Record<string, string>, init?: CallInit): Promise<Result>;
  /** A POST with a body (see `Mode.post`). */
  post(init?: CallInit): Promise<Result>;
  /** A DELETE (a PATCH for Amplifier, which has no DELETE) (see `Mode.remove`). */
  remove(init?: CallInit): Promise<Result>;
  /** The operation of `Mode.param`, with `params.path` as given (`undefined`: no `params` at all). */
  withPath(path: Record<string, unknown> | undefined): Promise<Result>;
  /** The vendor client's own `unwrap`. */
  unwrap(result: Promise<Result>): Promise<unknown>;
  use(middleware: Middleware): void;
  /** The same calls through `client.withOptions(options)`. */
  withOptions(options: CallOptions): Built;
}

export interface BuildOptions {
  /** An auth to share (origin pin); default: a fresh one of the mode. */
  auth?: ModeAuth | undefined;
  /** Extra auth options (loginTimeoutMs, cooldownMs …). */
  authOptions?: Record<string, unknown> | undefined;
  /** Extra client options (maxRetries, backoff, timeoutMs, fetch …). */
  client?: Record<string, unknown> | undefined;
  /** Amplifier: the host of `authUrl` (default: the API's base URL). */
  authBase?: string | undefined;
}

export interface Login {
  /** Whether a request the server got is this mode's login or token call. */
  is(req: Seen): boolean;
  /** The successful answer that hands out the n-th credential. */
  grant(res: ServerResponse, n: number): void;
  /** A refusal (401) that echoes the password it got (`\u00e4`-escaped unless `raw`) in the vendor's own error fields. */
  refuse(res: ServerResponse, req: Seen, raw?: boolean): void;
  /** The secrets the n-th grant hands out (token, session id, refresh token). */
  issued(n: number): string[];
  /** Whether the login sends a password (TLSecure's guest token call sends nothing secret). */
  password: boolean;
}

export interface Mode {
  name: string;
  vendor: Vendor;
  login?: Login | undefined;
  /** The secrets the user configures (password, API key, signing secret, static token). */
  configured: string[];
  /** The path the representative GET reaches (without query), and a JSON answer that satisfies it. */
  getPath: string;
  ok: unknown;
  /** The POST: its path and the body the server must get. */
  post: { path: string; body: string };
  remove: { method: string; path: string };
  /** The operation with a path parameter (`METHOD /template`) and the parameter's name. */
  param: { op: string; name: string };
  /** A vendor failure sent with HTTP 200, and the code it carries. */
  failure2xx?: { body: unknown; code: string | number } | undefined;
  build(base: string, options?: BuildOptions): Built;
  /** Expects the request to carry this mode's credential, made for the request's own URL. */
  expectCredential(req: Seen): Promise<void>;
  /** The credential values a request carries (for the list of secrets). */
  credentialOf(req: Seen): string[];
}

const PASSWORD = "Pässwörd-1";
/** Small backoffs and timeouts so that retries cost milliseconds. */
const FAST = { backoff: { initialMs: 1, maxMs: 5 }, timeoutMs: 5_000 };
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The password a login request carried, from a JSON or a form body. */
function passwordIn(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return String(parsed["password"] ?? parsed["Password"] ?? "");
  } catch {
    return new URLSearchParams(body).get("password") ?? "";
  }
}

/**
 * A 401 whose JSON body, written by hand, echoes the password first (within any length limit of the vendor's message),
 * then the whole request: `\u00e4`-escaped (ASCII on the wire), or raw UTF-8.
 */
function echoRefusal(res: ServerResponse, req: Seen, raw: boolean, fields: (echo: string) => string, type = "application/json"): void {
  const text = `wrong password ${passwordIn(req.body)} (you sent: ${req.body}; headers ${JSON.stringify(req.headers)})`;
  res.writeHead(401, { "content-type": type });
  res.end(fields(raw ? JSON.stringify(text) : asciiJson(text)));
}

const bearer = (req: Seen): string[] => {
  const value = req.headers.authorization;
  return typeof value === "string" ? [value.replace(/^Bearer /, "")] : [];
};

// ───────────────────────────── AMAGE: signed requests ─────────────────────────────
const AMAGE = { deviceUuid: "6f1c2d3e-4b5a-4c6d-8e7f-a1b2c3d4e5f6", apiKey: "amage-key-Hq7Zp2Lw", secret: "amage-secret-Xv93Rt" };

const amage: Mode = {
  name: "amage signing",
  vendor: "amage",
  configured: [AMAGE.apiKey, AMAGE.secret],
  getPath: "/rest/amage/v1/deliveries/count",
  ok: 42,
  post: { path: "/rest/amage/v1/deliveries/add", body: JSON.stringify({ name: "D-1" }) },
  remove: { method: "DELETE", path: "/rest/amage/v1/deliveries/delete/d-1" },
  param: { op: "GET /rest/amage/v1/deliveries/get/by-uuid/{uuid}", name: "uuid" },
  failure2xx: { body: { success: false, errorCode: "X", message: "m" }, code: "X" },
  build(base, o = {}) {
    const auth = o.auth ?? amageAuth({ ...AMAGE, ...o.authOptions });
    const built = (c: AmageClient): Built => ({
      auth,
      get: (init = {}) => c.GET("/rest/amage/v1/deliveries/count", init),
      getQuery: (query, init = {}) => c.GET("/rest/amage/v1/deliveries/count", { ...init, params: { query: query as never } }),
      post: (init = {}) => c.POST("/rest/amage/v1/deliveries/add", { ...init, body: { name: "D-1" } as never }),
      remove: (init = {}) => c.DELETE("/rest/amage/v1/deliveries/delete/{uuid}", { ...init, params: { path: { uuid: "d-1" } } }),
      withPath: (path) => c.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", (path === undefined ? {} : { params: { path } }) as never),
      unwrap: (r) => amageUnwrap(r),
      use: (m) => c.use(m),
      withOptions: (options) => built(c.withOptions(options)),
    });
    return built(createAmageClient({ baseUrl: base, auth, ...FAST, ...o.client }));
  },
  async expectCredential(req) {
    expect(req.headers["amage-device-uuid"]).toBe(AMAGE.deviceUuid);
    expect(req.headers["amage-api-key"]).toBe(AMAGE.apiKey);
    // The signature of this very path (and query): hex(sha256(path + secret)).
    expect(req.headers["amage-api-sign"]).toBe(await defaultSign({ method: req.method, path: req.url, secret: AMAGE.secret, body: undefined }));
    expect(JSON.stringify(req)).not.toContain(AMAGE.secret);
  },
  credentialOf: (req) => [req.headers["amage-api-key"], req.headers["amage-api-sign"]].filter((v): v is string => typeof v === "string"),
};

// ───────────────────────────── Amplifier: JWT from authUrl ─────────────────────────────
const AMPLIFIER = { username: "erp-translator", password: PASSWORD };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
/** The n-th access token: a JWT that expires in 2100, with a recognisable signature part. */
const jwt = (n: number) => `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: "erp-translator", n, exp: 4_102_444_800 })}.c2lnLW${n}tYW1wbGlmaWVy`;

const amplifier: Mode = {
  name: "amplifier jwt",
  vendor: "amplifier",
  configured: [PASSWORD],
  getPath: "/orders-translator/",
  ok: [{ token: "3f2c7a8e", status: "Pending" }],
  post: { path: "/api/products-import", body: JSON.stringify([{ external_id: "P-1", name: "Drill" }]) },
  remove: { method: "PATCH", path: "/orders-translator/o-1/" },
  param: { op: "GET /orders-translator/{token}/", name: "token" },
  login: {
    is: (req) => req.method === "POST" && req.url === "/auth/",
    grant: (res, n) => json(res, 200, { access_token: jwt(n), refresh_token: `ampl-refresh-${n}-Kd8s`, token_type: "Bearer" }),
    refuse: (res, req, raw = false) => echoRefusal(res, req, raw, (echo) => `{"detail": ${echo}}`),
    issued: (n) => [jwt(n), `ampl-refresh-${n}-Kd8s`],
    password: true,
  },
  build(base, o = {}) {
    const auth = o.auth ?? amplifierAuth({ authUrl: `${o.authBase ?? base}/auth/`, ...AMPLIFIER, ...o.authOptions });
    const status = "Pending";
    const built = (c: AmplifierClient): Built => ({
      auth,
      get: (init = {}) => c.GET("/orders-translator/", { ...init, params: { query: { status } } }),
      getQuery: (query, init = {}) => c.GET("/orders-translator/", { ...init, params: { query: { status, ...query } } }),
      post: (init = {}) => c.POST("/api/products-import", { ...init, body: [{ external_id: "P-1", name: "Drill" }] as never }),
      remove: (init = {}) => c.PATCH("/orders-translator/{token}/", { ...init, params: { path: { token: "o-1" } }, body: { status: "Exported" } as never }),
      withPath: (path) => c.GET("/orders-translator/{token}/", (path === undefined ? {} : { params: { path } }) as never),
      unwrap: (r) => amplifierUnwrap(r),
      use: (m) => c.use(m),
      withOptions: (options) => built(c.withOptions(options)),
    });
    return built(createAmplifierClient({ baseUrl: base, auth, ...FAST, ...o.client }));
  },
  async expectCredential(req) {
    expect(range(6).map(jwt)).toContain(bearer(req)[0]);
  },
  credentialOf: bearer,
};

// ───────────────────────────── Jiwa: session cookie, or API key ─────────────────────────────
const JIWA_KEY = "jiwa-api-key-Np4Ts9Qe";
const InventoryID = "000000000K00000000BQ";
const sessionId = (n: number) => `jiwa-sess-${n}-Wq3Z`;
const ssId = (req: Seen): string[] => {
  const id = /(?:^|;\s*)ss-id=([^;]+)/.exec(String(req.headers.cookie ?? ""))?.[1];
  return id ? [id] : [];
};

function jiwaBuilt(authOf: (o: BuildOptions) => ModeAuth) {
  return (base: string, o: BuildOptions = {}): Built => {
    const auth = o.auth ?? authOf(o);
    const built = (c: JiwaClient): Built => ({
      auth,
      get: (init = {}) => c.GET("/Inventory/{InventoryID}", { ...init, params: { path: { InventoryID } } }),
      getQuery: (query, init = {}) => c.GET("/Inventory/{InventoryID}", { ...init, params: { path: { InventoryID }, query: query as never } }),
      post: (init = {}) => c.POST("/Inventory", { ...init, body: { PartNo: "P-1", Description: "Drill" } as never }),
      remove: (init = {}) => c.DELETE("/Inventory/{InventoryID}", { ...init, params: { path: { InventoryID } } }),
      withPath: (path) => c.GET("/Inventory/{InventoryID}", (path === undefined ? {} : { params: { path } }) as never),
      unwrap: (r) => jiwaUnwrap(r),
      use: (m) => c.use(m),
      withOptions: (options) => built(c.withOptions(options)),
    });
    return built(createJiwaClient({ baseUrl: base, auth, ...FAST, ...o.client }));
  };
}

const jiwaCommon = {
  vendor: "jiwa" as const,
  getPath: `/Inventory/${InventoryID}`,
  ok: { InventoryID, PartNo: "P-1", ResponseStatus: {} },
  post: { path: "/Inventory", body: JSON.stringify({ PartNo: "P-1", Description: "Drill" }) },
  remove: { method: "DELETE", path: `/Inventory/${InventoryID}` },
  param: { op: "GET /Inventory/{InventoryID}", name: "InventoryID" },
  failure2xx: { body: { ResponseStatus: { ErrorCode: "E", Message: "m" } }, code: "E" },
};

const jiwaSession: Mode = {
  ...jiwaCommon,
  name: "jiwa session",
  configured: [PASSWORD],
  login: {
    is: (req) => req.method === "POST" && req.url === "/auth",
    grant: (res, n) => json(res, 200, { SessionId: sessionId(n), UserName: "api", ResponseStatus: {} }),
    refuse: (res, req, raw = false) => echoRefusal(res, req, raw, (echo) => `{"ResponseStatus": {"ErrorCode": "Unauthorized", "Message": ${echo}}}`),
    issued: (n) => [sessionId(n)],
    password: true,
  },
  build: jiwaBuilt((o) => jiwaAuth({ username: "api", password: PASSWORD, ...o.authOptions })),
  async expectCredential(req) {
    expect(range(6).map(sessionId)).toContain(ssId(req)[0]);
  },
  credentialOf: ssId,
};

const jiwaApiKey: Mode = {
  ...jiwaCommon,
  name: "jiwa apiKey",
  configured: [JIWA_KEY],
  build: jiwaBuilt((o) => jiwaAuth({ apiKey: JIWA_KEY, ...o.authOptions })),
  async expectCredential(req) {
    expect(req.headers.authorization).toBe(`Bearer ${JIWA_KEY}`);
  },
  credentialOf: bearer,
};

// ───────────────────────────── Portos: login, or a token you hold ─────────────────────────────
const PORTOS_TOKEN = "portos-static-Fj83Kq";
const tokenId = (n: number) => `portos-tok-${n}-Yb6c`;
const refreshToken = (n: number) => `portos-ref-${n}-Gm2x`;

function portosBuilt(authOf: (o: BuildOptions) => ModeAuth) {
  return (base: string, o: BuildOptions = {}): Built => {
    const auth = o.auth ?? authOf(o);
    const built = (c: PortosClient): Built => ({
      auth,
      get: (init = {}) => c.GET("/customers", init),
      getQuery: (query, init = {}) => c.GET("/customers", { ...init, params: { query: query as never } }),
      post: (init = {}) => c.POST("/customers", { ...init, body: { firstName: "John" } as never }),
      remove: (init = {}) => c.DELETE("/customers/{id}", { ...init, params: { path: { id: "c-1" } } }),
      withPath: (path) => c.GET("/customers/{id}", (path === undefined ? {} : { params: { path } }) as never),
      unwrap: (r) => portosUnwrap(r),
      use: (m) => c.use(m),
      withOptions: (options) => built(c.withOptions(options)),
    });
    return built(createPortosClient({ baseUrl: base, auth, ...FAST, ...o.client }));
  };
}

const portosCommon = {
  vendor: "portos" as const,
  getPath: "/customers",
  ok: { items: [], count: 0, totalCount: 0 },
  post: { path: "/customers", body: JSON.stringify({ firstName: "John" }) },
  remove: { method: "DELETE", path: "/customers/c-1" },
  param: { op: "GET /customers/{id}", name: "id" },
};

const portosLogin: Mode = {
  ...portosCommon,
  name: "portos login",
  configured: [PASSWORD],
  login: {
    is: (req) => req.method === "POST" && (req.url === "/api/auth" || req.url === "/api/auth/refresh"),
    grant: (res, n) => json(res, 200, { tokenId: tokenId(n), refreshToken: refreshToken(n) }),
    refuse: (res, req, raw = false) => echoRefusal(res, req, raw, (echo) => `{"title": "Unauthorized", "status": 401, "detail": ${echo}}`, "application/problem+json"),
    issued: (n) => [tokenId(n), refreshToken(n)],
    password: true,
  },
  build: portosBuilt((o) => portosAuth({ userName: "admin", password: PASSWORD, deviceName: "P01", ...o.authOptions })),
  async expectCredential(req) {
    expect(range(6).map(tokenId)).toContain(bearer(req)[0]);
  },
  credentialOf: bearer,
};

const portosToken: Mode = {
  ...portosCommon,
  name: "portos token",
  configured: [PORTOS_TOKEN],
  build: portosBuilt((o) => portosAuth({ token: PORTOS_TOKEN, ...o.authOptions })),
  async expectCredential(req) {
    expect(req.headers.authorization).toBe(`Bearer ${PORTOS_TOKEN}`);
  },
  credentialOf: bearer,
};

// ───────────────────────────── TLSecure: a token you hold, or guest tokens ─────────────────────────────
const TLS_TOKEN = "tls-static-token-Rk2n8Ld5P";
if (TLS_TOKEN.length !== 26) throw new Error("TLSecure tokens have 26 characters");
const guestToken = (n: number) => `g${String(n).padStart(2, "0")}-guest-token`.padEnd(26, "Q");
const B2B = "/api/{returnType}/{domainCode}/customer/b2b" as const;
const tokenHeader = (req: Seen): string[] => (typeof req.headers.token === "string" ? [req.headers.token] : []);

function tlsecureBuilt(authOf: (o: BuildOptions) => ModeAuth) {
  return (base: string, o: BuildOptions = {}): Built => {
    const auth = o.auth ?? authOf(o);
    const built = (c: TlsecureClient): Built => ({
      auth,
      get: (init = {}) => c.GET(B2B, init),
      getQuery: (query, init = {}) => c.GET(B2B, { ...init, params: { query: query as never } }),
      post: (init = {}) => c.POST(B2B, { ...init, body: { name: "Stark", vat: "21" } as never }),
      remove: (init = {}) => c.DELETE(`${B2B}/{company}`, { ...init, params: { path: { company: "7" } } }),
      withPath: (path) => c.DELETE(`${B2B}/{company}`, (path === undefined ? {} : { params: { path } }) as never),
      unwrap: (r) => tlsecureUnwrap(r),
      use: (m) => c.use(m),
      withOptions: (options) => built(c.withOptions(options)),
    });
    return built(createTlsecureClient({ baseUrl: base, domainCode: "00000", auth, ...FAST, ...o.client }));
  };
}

const tlsecureCommon = {
  vendor: "tlsecure" as const,
  getPath: "/api/json/00000/customer/b2b",
  ok: { response: { success: true, code: 0, message: "ok", object: { companies: { company: [] } } } },
  post: { path: "/api/json/00000/customer/b2b", body: "name=Stark&vat=21" },
  remove: { method: "DELETE", path: "/api/json/00000/customer/b2b/7" },
  param: { op: `DELETE ${B2B}/{company}`, name: "company" },
  failure2xx: { body: { response: { success: false, code: 10, message: "no companies" } }, code: 10 },
};

const tlsecureToken: Mode = {
  ...tlsecureCommon,
  name: "tlsecure token",
  configured: [TLS_TOKEN],
  build: tlsecureBuilt((o) => tlsecureAuth({ token: TLS_TOKEN, ...o.authOptions })),
  async expectCredential(req) {
    expect(req.headers.token).toBe(TLS_TOKEN);
  },
  credentialOf: tokenHeader,
};

const tlsecureGuest: Mode = {
  ...tlsecureCommon,
  name: "tlsecure guest",
  configured: [],
  login: {
    is: (req) => req.method === "GET" && req.url.split("?")[0]!.endsWith("/customer/token"),
    grant: (res, n) => json(res, 200, { response: { success: true, code: 0, message: "ok", object: { token: { value: guestToken(n) } } } }),
    refuse: (res, req, raw = false) => echoRefusal(res, req, raw, (echo) => `{"response": {"success": false, "code": 3, "message": ${echo}}}`),
    issued: (n) => [guestToken(n)],
    password: false,
  },
  build: tlsecureBuilt((o) => tlsecureAuth({ domainCode: "00000", ...o.authOptions })),
  async expectCredential(req) {
    expect(range(6).map(guestToken)).toContain(req.headers.token);
  },
  credentialOf: tokenHeader,
};

export const MODES: Mode[] = [amage, amplifier, jiwaSession, jiwaApiKey, portosLogin, portosToken, tlsecureToken, tlsecureGuest];
export const LOGIN_MODES = MODES.filter((m) => m.login);
/** One mode per vendor, for what the auth cannot change (client options). */
export const VENDOR_MODES = [amage, amplifier, jiwaSession, portosLogin, tlsecureToken];

/** Every secret a mode's requests to this server could have exposed: configured, issued, and seen on the wire. */
export function secretsOf(mode: Mode, seen: Seen[]): string[] {
  const issued = mode.login ? range(6).flatMap((n) => mode.login!.issued(n)) : [];
  return [...new Set([...mode.configured, ...issued, ...seen.flatMap((req) => mode.credentialOf(req))])];
}

export type ApiHandler = (req: Seen, res: ServerResponse, n: number) => void;
export type LoginHandler = (req: Seen, res: ServerResponse, n: number, grant: () => void) => void;

/**
 * A server playing the vendor: its login (granting by default, or as `login` scripts it) and its API (`api`, whose
 * `n` counts API requests only).
 */
export async function host(mode: Mode, api: ApiHandler, login?: LoginHandler) {
  let grants = 0;
  let logins = 0;
  let calls = 0;
  const server: TestServer = await serve((req, res) => {
    if (mode.login?.is(req)) {
      const grant = () => mode.login!.grant(res, ++grants);
      return login ? login(req, res, ++logins, grant) : (++logins, grant());
    }
    api(req, res, ++calls);
  });
  return {
    server,
    url: server.url,
    logins: () => server.seen.filter((r) => mode.login?.is(r) ?? false),
    calls: () => server.seen.filter((r) => !(mode.login?.is(r) ?? false)),
  };
}

/** The API answering the representative GET (and anything else) with the mode's good answer. */
export const answerOk = (mode: Mode): ApiHandler => (_req, res) => json(res, 200, mode.ok);
