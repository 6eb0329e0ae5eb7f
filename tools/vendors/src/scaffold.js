// `pnpm new-vendor <id>`: a new vendor's folders, lint-clean and tested from the first minute. Everything a vendor
// needs lives in them (specs/<id>/, packages/<id>-client/, packages/<id>-auth/) plus a changeset; the only file
// outside them that changes is the README's generated vendor table.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ID, PORTS, ManifestError, readVendors } from "./index.js";
import { writeReadme } from "./readme.js";

export const AUTH_MODES = ["none", "api-key", "login"];

const pascal = (id) => id[0].toUpperCase() + id.slice(1);

/** The checked inputs, or a ManifestError that says what is wrong and how to fix it. */
export function plan({ root, id, name, port, auth = "api-key" }) {
  if (typeof id !== "string" || !ID.test(id)) {
    throw new ManifestError(`"${id ?? ""}" is not a vendor id: 2–30 lowercase letters and digits, starting with a letter (it names specs/<id>/ and @b2bkit/<id>-client)`);
  }
  const vendors = readVendors(root);
  if (vendors.some((v) => v.id === id) || existsSync(join(root, "specs", id)) || existsSync(join(root, "packages", `${id}-client`)) || existsSync(join(root, "packages", `${id}-auth`))) {
    throw new ManifestError(`vendor "${id}" is taken: specs/${id}/ or packages/${id}-client/ or packages/${id}-auth/ already exists`);
  }
  // Names the monorepo uses for itself: its tools' folders (and vitest projects), core, and the docs site's own pages.
  const own = new Set(["core", "index", "assets", "specs", "packages", "tools", ...(existsSync(join(root, "tools")) ? readdirSync(join(root, "tools")) : [])]);
  if (own.has(id)) throw new ManifestError(`"${id}" is a name the monorepo uses for itself: choose the vendor's name`);
  const taken = new Map(vendors.map((v) => [v.port, v.id]));
  const chosen = port ?? Math.max(4009, ...vendors.map((v) => v.port)) + 1;
  if (!Number.isInteger(chosen) || chosen < PORTS.min || chosen > PORTS.max) throw new ManifestError(`--port ${port}: a mock port is a whole number from ${PORTS.min} to ${PORTS.max}`);
  if (taken.has(chosen)) throw new ManifestError(`--port ${chosen} is taken by ${taken.get(chosen)}'s mock: leave --port out for the next free one, or choose another`);
  if (!AUTH_MODES.includes(auth)) throw new ManifestError(`--auth ${auth}: one of ${AUTH_MODES.join(", ")}`);
  const display = name ?? pascal(id);
  if (typeof display !== "string" || !display.trim()) throw new ManifestError('--name: give the display name, e.g. --name "Acme Trade"');
  // It goes into YAML, markdown tables, TypeScript comments and HTML: letters, digits, spaces and . , & ' ( ) + -.
  if (!/^[\p{L}\p{N}][\p{L}\p{N} .,&'()+-]*$/u.test(display.trim())) {
    throw new ManifestError(`--name ${JSON.stringify(display)}: a display name starts with a letter or digit and holds letters, digits, spaces and . , & ' ( ) + - only`);
  }
  return { root, id, name: display.trim(), port: chosen, auth, Id: pascal(id) };
}

/** Writes the new vendor's files; returns their paths relative to the root. */
export function scaffold(options) {
  const p = plan(options);
  const files = templates(p);
  const written = Object.keys(files);
  try {
    for (const [path, text] of Object.entries(files)) {
      const file = join(p.root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    // The new spec must read back as a vendor before the README names it.
    const vendors = readVendors(p.root);
    if (existsSync(join(p.root, "README.md")) && writeReadme(p.root, vendors)) written.push("README.md");
  } catch (err) {
    // All or nothing: a half-written vendor would stop every tool.
    for (const dir of [`specs/${p.id}`, `packages/${p.id}-client`, `packages/${p.id}-auth`]) rmSync(join(p.root, dir), { recursive: true, force: true });
    rmSync(join(p.root, `.changeset/${p.id}-new-vendor.md`), { force: true });
    throw err;
  }
  return { ...p, written };
}

const CREDENTIALS = { none: "", "api-key": "{ apiKey }", login: "{ username, password }" };

function templates(p) {
  const { id, name, port, auth, Id, root } = p;
  const license = existsSync(join(root, "LICENSE")) ? readFileSync(join(root, "LICENSE"), "utf8") : "MIT\n";
  const pkg = (kind, description, keywords, deps, devDeps, extra = {}) =>
    `${JSON.stringify(
      {
        name: `@b2bkit/${id}-${kind}`,
        version: "0.0.0",
        description,
        license: "MIT",
        type: "module",
        sideEffects: false,
        engines: { node: ">=20.19" },
        repository: { type: "git", url: "git+https://github.com/b2bkit/b2bkit.git", directory: `packages/${id}-${kind}` },
        keywords,
        exports: {
          ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" }, require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" } },
          ...(kind === "client" ? { "./openapi.json": "./openapi.json" } : {}),
          "./package.json": "./package.json",
        },
        main: "./dist/index.cjs",
        types: "./dist/index.d.cts",
        files: ["dist", ...(kind === "client" ? ["openapi.json"] : []), "README.md", "LICENSE"],
        scripts: { ...extra, build: "tsup --config ../../tsup.config.js", typecheck: "tsc -p tsconfig.json" },
        dependencies: deps,
        devDependencies: devDeps,
        module: "./dist/index.js",
      },
      null,
      2,
    )}\n`;
  const tsconfig = `{\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "types": ["node"], "noEmit": true },\n  "include": ["src", "test", "vitest.config.ts"]\n}\n`;
  const tsconfigBuild = `{\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "rootDir": "src", "outDir": "dist" },\n  "include": ["src"]\n}\n`;
  const vitest = (project, setup) =>
    `import { defineProject } from "vitest/config";\n\nexport default defineProject({\n  test: {\n    name: "${project}",\n    include: ["test/**/*.test.ts"],\n${setup ? `    // One Prism mock of specs/${id}/openapi.yaml for the whole run, on a free port: inject("mock:${id}").\n    globalSetup: ["test/global-setup.ts"],\n` : ""}  },\n});\n`;
  const credentialsValue = { none: "", "api-key": `{ apiKey: "test-api-key" }`, login: `{ username: "api", password: "test-password" }` }[auth];

  return {
    [`specs/${id}/openapi.yaml`]: spec(p),
    [`packages/${id}-client/package.json`]: pkg(
      "client",
      `Typed client for the ${name} API, built on openapi-fetch.`,
      [id, "openapi", "openapi-fetch", "b2b"],
      { "@b2bkit/core": "workspace:*", "openapi-fetch": "0.17.0" },
      { [`@b2bkit/${id}-auth`]: "workspace:*", "@b2bkit/codegen": "workspace:*", "@b2bkit/mock": "workspace:*" },
      { generate: `b2bkit-codegen ${id}` },
    ),
    [`packages/${id}-client/turbo.json`]: `${JSON.stringify({ extends: ["//"], tasks: { generate: { inputs: ["$TURBO_EXTENDS$", `$TURBO_ROOT$/specs/${id}/**`] }, build: { dependsOn: ["$TURBO_EXTENDS$", "generate"] }, typecheck: { dependsOn: ["$TURBO_EXTENDS$", "generate"] } } }, null, 2)}\n`,
    [`packages/${id}-client/tsconfig.json`]: tsconfig,
    [`packages/${id}-client/tsconfig.build.json`]: tsconfigBuild,
    [`packages/${id}-client/vitest.config.ts`]: vitest(id, true),
    [`packages/${id}-client/LICENSE`]: license,
    [`packages/${id}-client/README.md`]: clientReadme(p),
    [`packages/${id}-client/src/index.ts`]: clientSource(p),
    [`packages/${id}-client/test/global-setup.ts`]: `import { mockSetup } from "@b2bkit/mock/vitest";\n\nexport default mockSetup("${id}");\n`,
    [`packages/${id}-client/test/client.test.ts`]: clientTest(p, credentialsValue),
    [`packages/${id}-client/test/browser-app.js`]: browserApp(p, credentialsValue),
    [`packages/${id}-auth/package.json`]: pkg("auth", `Auth for @b2bkit/${id}-client (${auth === "none" ? "no credentials" : auth === "api-key" ? "an API key header" : "a login that gives a bearer token"}). Web-standard APIs only.`, [id, "auth", "b2b"], { "@b2bkit/core": "workspace:*" }, {}),
    [`packages/${id}-auth/tsconfig.json`]: tsconfig,
    [`packages/${id}-auth/tsconfig.build.json`]: tsconfigBuild,
    [`packages/${id}-auth/vitest.config.ts`]: vitest(`${id}-auth`, false),
    [`packages/${id}-auth/LICENSE`]: license,
    [`packages/${id}-auth/README.md`]: authReadme(p),
    [`packages/${id}-auth/src/index.ts`]: authSource(p),
    [`packages/${id}-auth/test/auth.test.ts`]: authTest(p),
    [`.changeset/${id}-new-vendor.md`]: `---\n"@b2bkit/${id}-client": minor\n"@b2bkit/${id}-auth": minor\n---\n\nNew vendor: ${name} (\`@b2bkit/${id}-client\`, \`@b2bkit/${id}-auth\`), scaffolded with \`pnpm new-vendor\`.\n`,
  };

  function spec() {
    // No auth is said explicitly (`security: []`), as Redocly's recommended-strict asks.
    const security = { none: "security: []\n", "api-key": "security:\n  - apiKey: []\n", login: "security:\n  - bearer: []\n" }[auth];
    const schemes = {
      none: "",
      "api-key": `  securitySchemes:\n    apiKey:\n      type: apiKey\n      in: header\n      name: X-Api-Key\n      description: ${JSON.stringify(`The API key ${name} issues. Replace the header name with the vendor's.`)}\n`,
      login: `  securitySchemes:\n    bearer:\n      type: http\n      scheme: bearer\n      description: The token \`POST /auth/login\` answers. Replace with the vendor's scheme.\n`,
    }[auth];
    const unauthorized = auth === "none" ? "" : `        "401":\n          $ref: "#/components/responses/Error"\n`;
    const login =
      auth === "login"
        ? `  /auth/login:
    post:
      operationId: login
      summary: Log in
      description: Trades a user name and password for a bearer token. Replace with the vendor's login.
      tags: [Auth]
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/LoginRequest"
            example:
              username: api
              password: secret
      responses:
        "200":
          description: The token.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/LoginAnswer"
              example:
                token: eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl
        "401":
          $ref: "#/components/responses/Error"
`
        : "";
    const loginSchemas =
      auth === "login"
        ? `    LoginRequest:
      type: object
      required: [username, password]
      properties:
        username:
          type: string
        password:
          type: string
    LoginAnswer:
      type: object
      required: [token]
      properties:
        token:
          type: string
          description: The bearer token for the other calls.
`
        : "";
    return `# ${name}, hand-written by b2bkit from the vendor's documentation: cite it in info.description.
openapi: 3.1.0
# What the b2bkit tools need to know of this vendor (tools/vendors reads it; see README, "Layout").
x-b2bkit:
  name: ${JSON.stringify(name)}
  covers: ${JSON.stringify("items (a skeleton: describe what the client covers)")}
  mockPort: ${port}
  credentials: ${JSON.stringify(CREDENTIALS[auth])}
  # Gzipped bytes of create<V>Client + unwrap + auth for the browser (pnpm size): growth past it fails CI. Start
  # generous; \`pnpm size\` prints the real size to tighten it to.
  bundleCeiling: 16384
info:
  title: ${JSON.stringify(`${name} API`)}
  version: 0.1.0
  summary: ${JSON.stringify(`The ${name} API (skeleton).`)}
  description: |
    A skeleton made by \`pnpm new-vendor\`: one operation, to be replaced by what the vendor documents. Cite the
    vendor's documentation here (title, address, date), and mark every choice it does not settle with
    \`x-assumption\`.

    For local development \`pnpm mock ${id}\` serves this spec on http://localhost:${port} (Prism).
  license:
    name: MIT
    identifier: MIT
servers:
  - url: https://{host}
    description: ${JSON.stringify(`Your ${name} server.`)}
    variables:
      host:
        default: api.${id}.invalid
        description: ${JSON.stringify(`Host name of your ${name} server.`)}
${security}tags:
  - name: Items
    description: The vendor's records (replace with its own).
${auth === "login" ? "  - name: Auth\n    description: Logging in.\n" : ""}paths:
${login}  /items:
    get:
      operationId: listItems
      summary: List items
      description: Every item, a page at a time (\`page\` from 1, \`size\` items per page).
      tags: [Items]
      parameters:
        - name: page
          in: query
          description: The page, counted from 1.
          schema:
            type: integer
        - name: size
          in: query
          description: Items per page.
          schema:
            type: integer
      responses:
        "200":
          description: The items of the page.
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Item"
              example:
                - id: "1001"
                  name: First item
                - id: "1002"
                  name: Second item
        "400":
          $ref: "#/components/responses/Error"
${unauthorized}components:
${schemes}  responses:
    Error:
      description: A failure, as the vendor reports it (replace with its error body).
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
          example:
            code: BAD_REQUEST
            message: The request is not valid.
  schemas:
    Item:
      type: object
      description: A record of the vendor (replace with its own).
      properties:
        id:
          type: string
        name:
          type:
            - string
            - "null"
    Error:
      type: object
      properties:
        code:
          type:
            - string
            - number
            - "null"
        message:
          type:
            - string
            - "null"
${loginSchemas}`;
  }

  function clientSource() {
    return `import openapiFetch from "openapi-fetch";
import { checkBaseUrl, createApiClient, createListAll, createUnwrap, defaultExport, type ClientOptions, type WithOptions, type ListOptions, type VendorErrors } from "@b2bkit/core/internal";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { NamedClient } from "./generated/client.js";
import type { paths } from "./generated/schema.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

// \`paths\`, \`components\`, \`operations\` and every schema by its name (\`Item\` …): types only.
export type * from "./generated/schema.js";

/** The client openapi-fetch creates, typed so that its calls answer the schemas' named types (\`Item\`, not its fields). */
export type ${Id}Client = WithOptions<NamedClient<paths, "application/json">>;

export interface ${Id}ClientOptions extends ClientOptions {
  /** Your ${name} server, e.g. \`https://api.${id}.invalid\` (or its mock: \`pnpm mock ${id}\`). */
  baseUrl: string;
}

/** How ${name} reports a failure: its error body's code and message (adapt to the vendor's error body). */
export const ${id}Errors: VendorErrors = {
  describe(body) {
    if (!body || typeof body !== "object") return undefined;
    const { code, message } = body as { code?: unknown; message?: unknown };
    return {
      code: typeof code === "string" || typeof code === "number" ? code : undefined,
      message: typeof message === "string" && message ? message : undefined,
    };
  },
};

/** The typed ${name} client: an openapi-fetch client whose requests get auth, retries and timeouts. */
export function create${Id}Client(options: ${Id}ClientOptions): ${Id}Client {
  return createApiClient(createClient<paths, "application/json">, options, {
    name: "create${Id}Client",
    baseUrl: checkBaseUrl("create${Id}Client", options?.baseUrl, { what: "your ${name} server", example: "https://api.${id}.invalid" }),
    headers: { Accept: "application/json" },
    errors: ${id}Errors,
    noJsonAnswer: NO_JSON_ANSWER,
  }) as ${Id}Client; // openapi-fetch's client, typed to answer with the schemas' names
}

/** The data of a call, or a thrown \`ApiError\` with ${name}'s code and message. */
export const unwrap = /* @__PURE__ */ createUnwrap(${id}Errors);

/** The paged list operations: they take \`page\` (from 1) and \`size\`. */
export type ListPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { query?: { page?: number; size?: number } } } } ? P : never;
}[keyof paths];

type ListItem<P extends ListPath> = paths[P] extends { get: { responses: { 200: { content: { "application/json": ReadonlyArray<infer T> } } } } } ? T : never;

export interface ListAllOptions {
  /** Records per page request. Default \`DEFAULT_PAGE_SIZE\`. */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Read the next page while you work through this one (default \`true\`; at most one page ahead, cancelled when you stop). */
  readAhead?: boolean | undefined;
}

export const DEFAULT_PAGE_SIZE = 100;

const ${id}ListAll = /* @__PURE__ */ createListAll(unwrap, {
  style: { page: "page", size: "size" },
  defaultPageSize: DEFAULT_PAGE_SIZE,
  read(answer, { path }) {
    if (!Array.isArray(answer)) throw new TypeError(\`listAll: \${path} answered \${typeof answer} where a JSON array was expected\`);
    return { items: answer };
  },
});

/** Every record of a list operation, a page at a time: \`for await (const item of listAll(${id}, "/items"))\`. */
export function listAll<P extends ListPath>(client: ${Id}Client, path: P, options?: ListAllOptions): AsyncGenerator<ListItem<P>, void, undefined> {
  return ${id}ListAll<ListItem<P>>(client, path, options as ListOptions | undefined);
}
`;
  }

  function authSource() {
    if (auth === "none") {
      return `import type { Auth } from "@b2bkit/core/internal";

export interface ${Id}Auth extends Auth {
  toString(): string;
  toJSON(): unknown;
}

/** Auth for \`@b2bkit/${id}-client\`: ${name} takes no credentials, so this adds nothing to a request. */
export function ${id}Auth(): ${Id}Auth {
  return { authorize() {}, secrets: () => [], toString: () => "[${id}Auth none]", toJSON: () => ({ type: "${id}Auth", mode: "none" }) };
}
`;
    }
    if (auth === "api-key") {
      return `import { headerAuth, type Auth } from "@b2bkit/core/internal";

export interface ${Id}Credentials {
  /** The API key ${name} issues. Sent in the \`X-Api-Key\` header; never in a URL, a log line or an error. */
  apiKey: string;
}

export interface ${Id}Auth extends Auth {
  /** No secret in it: \`[${id}Auth apiKey]\`. */
  toString(): string;
  toJSON(): unknown;
}

/** Auth for \`@b2bkit/${id}-client\`: \`create${Id}Client({ baseUrl, auth: ${id}Auth({ apiKey }) })\`. */
export function ${id}Auth(credentials: ${Id}Credentials): ${Id}Auth {
  const apiKey = (credentials as Partial<${Id}Credentials> | undefined)?.apiKey;
  if (typeof apiKey !== "string" || !apiKey.trim()) throw new TypeError("${id}Auth: \`apiKey\` is required (a non-empty string): pass { apiKey }");
  return headerAuth("${id}Auth", "apiKey", "x-api-key", apiKey);
}
`;
    }
    return `import { AuthError, tokenAuth, type TokenAuth } from "@b2bkit/core/internal";

export interface ${Id}Credentials {
  /** The ${name} user name. */
  username: string;
  /** The user's password. Sent once, in the body of \`POST /auth/login\`; never in a URL, a log line or an error. */
  password: string;
}

/** Auth for \`@b2bkit/${id}-client\`: \`create${Id}Client({ baseUrl, auth: ${id}Auth({ username, password }) })\`. */
export function ${id}Auth(credentials: ${Id}Credentials): TokenAuth<string> {
  const c = (credentials ?? {}) as Partial<${Id}Credentials>;
  for (const name of ["username", "password"] as const) {
    if (typeof c[name] !== "string" || !c[name]!.trim()) throw new TypeError(\`${id}Auth: \\\`\${name}\\\` is required (a non-empty string): pass { username, password }\`);
  }
  const { username, password } = c as ${Id}Credentials;
  return tokenAuth<string>({
    name: "${id}Auth",
    secrets: [password],
    async login({ send, url }) {
      const at = \`\${new URL(url).origin}/auth/login\`;
      const { status, ok, body } = await send(at, { headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
      const token = (body as { token?: unknown } | null)?.token;
      if (ok && typeof token === "string" && token) return { value: token };
      throw new AuthError(ok ? \`${id}Auth: \${at} answered HTTP \${status} without a token\` : \`${id}Auth: login of "\${username}" refused with HTTP \${status}: check the user name and password\`, { status });
    },
    apply(request, token) {
      request.headers.set("authorization", \`Bearer \${token}\`);
    },
  });
}
`;
  }

  function authTest() {
    const calls = {
      none: `    const auth = ${id}Auth();
    const headers = new Headers();
    await auth.authorize({ url: "https://api.${id}.invalid/items", method: "GET", headers } as never);
    expect([...headers]).toEqual([]);
    expect(String(auth)).toBe("[${id}Auth none]");`,
      "api-key": `    const auth = ${id}Auth({ apiKey: "k-123" });
    const headers = new Headers();
    await auth.authorize({ url: "https://api.${id}.invalid/items", method: "GET", headers } as never);
    expect(headers.get("x-api-key")).toBe("k-123");
    expect(String(auth)).not.toContain("k-123");
    expect(() => ${id}Auth({ apiKey: "" })).toThrow("${id}Auth: \`apiKey\` is required");`,
      login: `    expect(() => ${id}Auth({ username: "api", password: "" })).toThrow("${id}Auth: \`password\` is required");
    expect(String(${id}Auth({ username: "api", password: "s3cret" }))).not.toContain("s3cret");`,
    }[auth];
    return `import { describe, expect, it } from "vitest";
import { ${id}Auth } from "../src/index.js";

describe("${id}Auth", () => {
  it("${auth === "login" ? "checks the credentials at once and keeps the password out of its string form" : "puts the credentials on a request, and keeps them out of its string form"}", async () => {
${calls}
  });
});
`;
  }

  function clientTest(_p, creds) {
    return `import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { ${id}Auth } from "@b2bkit/${id}-auth";
import { create${Id}Client, listAll, unwrap } from "../src/index.js";

// Against this run's Prism mock of specs/${id}/openapi.yaml (test/global-setup.ts).
const client = () => create${Id}Client({ baseUrl: inject("mock:${id}"), auth: ${id}Auth(${creds}) });

describe("create${Id}Client against the ${name} mock", () => {
  it("lists items as typed data", async () => {
    const items = await unwrap(client().GET("/items"));
    expect(items.map((item) => item.id)).toEqual(["1001", "1002"]);
  });

  it("pages through a list with listAll", async () => {
    const ids: string[] = [];
    for await (const item of listAll(client(), "/items", { pageSize: 5 })) if (item.id) ids.push(item.id);
    expect(ids).toEqual(["1001", "1002"]);
  });
${
  auth === "none"
    ? ""
    : `
  it("answers a call without credentials with the ApiError of the 401", async () => {
    const bare = create${Id}Client({ baseUrl: inject("mock:${id}") });
    await expect(unwrap(bare.GET("/items"))).rejects.toMatchObject({ name: "ApiError", status: 401 });
    await expect(unwrap(bare.GET("/items"))).rejects.toBeInstanceOf(ApiError);
  });
`
}});
`;
  }

  function browserApp(_p, creds) {
    return `// The browser check of pnpm test (tools/release/test/browser.test.ts): bundled for the browser as an app would ship
// it, and run in headless Chromium against this vendor's Prism mock, across origins.
import { create${Id}Client, unwrap } from "@b2bkit/${id}-client";
import { ${id}Auth } from "@b2bkit/${id}-auth";
export const run = async (baseUrl) => {
  const items = await unwrap(create${Id}Client({ baseUrl, auth: ${id}Auth(${creds}) }).GET("/items"));
  return { value: items.length };
};
export const refused = async (baseUrl) => {
  try { await unwrap(create${Id}Client({ baseUrl }).GET("/items")); return "no error"; }
  catch (e) { return e.name + " " + e.status; }
};
${auth === "none" ? `
/** ${name} takes no credentials: a call without them goes through. */
export const refusal = "no error";
` : ""}

/** What \`run\` returns against the mock. */
export const expected = 2;
`;
  }

  function clientReadme() {
    return `# @b2bkit/${id}-client

Typed client for the ${name} API, generated from \`specs/${id}/openapi.yaml\` and built on
[openapi-fetch](https://openapi-ts.dev/openapi-fetch/), over \`@b2bkit/core\` (retries, timeouts, typed errors, paging).

\`\`\`ts
import { create${Id}Client, listAll, unwrap } from "@b2bkit/${id}-client";
import { ${id}Auth } from "@b2bkit/${id}-auth";

const ${id} = create${Id}Client({ baseUrl: "https://api.${id}.invalid", auth: ${id}Auth(${CREDENTIALS[auth] === "{}" ? "" : CREDENTIALS[auth].replace("{ apiKey }", "{ apiKey: process.env.API_KEY! }").replace("{ username, password }", '{ username: "api", password: process.env.PASSWORD! }')}) });
const items = await unwrap(${id}.GET("/items"));
for await (const item of listAll(${id}, "/items")) console.log(item.id);
\`\`\`

For local development \`pnpm mock ${id}\` serves the spec on http://localhost:${port} (Prism).
`;
  }

  function authReadme() {
    return `# @b2bkit/${id}-auth

Auth for \`@b2bkit/${id}-client\`: ${
      { none: "the vendor takes no credentials, so it adds nothing.", "api-key": "an API key, sent in the `X-Api-Key` header.", login: "a login (`POST /auth/login`) that gives a bearer token, shared by every request and renewed when refused." }[auth]
    } Credentials never appear in a URL, a log line or an error. Web-standard APIs only.

\`\`\`ts
import { ${id}Auth } from "@b2bkit/${id}-auth";

const auth = ${id}Auth(${CREDENTIALS[auth] === "{}" ? "" : CREDENTIALS[auth]});
\`\`\`
`;
  }
}
