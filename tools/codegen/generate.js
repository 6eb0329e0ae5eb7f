#!/usr/bin/env node
// Usage (from a client package): b2bkit-codegen <vendor>
// Writes src/generated/schema.ts (types from specs/<vendor>/openapi.yaml, one named type per schema),
// src/generated/client.ts (the client type that answers with those names), src/generated/operations.ts and
// openapi.json (the spec, bundled). All are build output: never edited by hand, never committed.
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { bundle, createConfig } from "@redocly/openapi-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const vendor = process.argv[2];
if (!vendor || !/^[a-z][a-z0-9-]*$/.test(vendor)) {
  console.error("usage: b2bkit-codegen <vendor>   (run from the vendor's client package)");
  process.exit(2);
}
const spec = join(root, "specs", vendor, "openapi.yaml");
const out = process.cwd();

const started = Date.now();
const ast = await openapiTS(pathToFileURL(spec), { alphabetize: false, rootTypes: false });
const banner = `// Generated from specs/${vendor}/openapi.yaml by @b2bkit/codegen (openapi-typescript). Do not edit:\n// change the spec and run \`pnpm build\`.\n\n`;
await mkdir(join(out, "src/generated"), { recursive: true });
const named = namedSchemas(openUnions(astToString(ast)), clientTypes());
await writeFile(join(out, "src/generated/schema.ts"), banner + named.code);
await writeFile(join(out, "src/generated/client.ts"), banner + clientTypes());

/**
 * Keeps a tolerant union pleasant: `Status | string` would collapse to `string` (no completion, no documented members in
 * the hover), so a bare `string` or `number` beside an enum schema becomes `(string & {})` / `(number & {})`, which
 * accepts the same values but keeps the enum's members visible. A schema that is only `number` or `string` and stands
 * beside an enum in a union (TLSecure's `UnlistedCode`) gets the same treatment.
 */
function openUnions(code) {
  const REF = /components\["schemas"\]\["([^"]+)"\]/g;
  const lines = code.split("\n");
  // The schemas that are a list of literal members (an enum): `Name: "a" | "b";`, `Name: 0 | 1 | 2;`.
  const enums = new Set(lines.map((line) => /^ {8}([A-Za-z0-9_]+): ((?:"[^"]*"|-?\d+(?:\.\d+)?)(?: \| (?:"[^"]*"|-?\d+(?:\.\d+)?))*);$/.exec(line)?.[1]).filter(Boolean));
  const beside = new Set();
  for (const line of lines) {
    const refs = [...line.matchAll(REF)].map((m) => m[1]);
    if (refs.some((name) => enums.has(name)) && line.includes(" | ")) for (const name of refs) if (!enums.has(name)) beside.add(name);
  }
  return lines
    .map((line) => {
      const alias = /^( {8})([A-Za-z0-9_]+): (string|number);$/.exec(line);
      if (alias && beside.has(alias[2])) return `${alias[1]}${alias[2]}: ${alias[3]} & {};`;
      if (![...line.matchAll(REF)].some((m) => enums.has(m[1])) || !line.includes(" | ")) return line;
      return line.replace(/(?<=(?:: |\| |\())(string|number)(?=(?: \||;|\)))/g, "($1 & {})");
    })
    .join("\n");
}

/**
 * Gives every schema a top-level name, `export type DeliveryDto = { … }`, and points `components["schemas"]` at it
 * (`DeliveryDto: DeliveryDto`). Editors print a type by the name of the alias it was declared with, so hovers of
 * `listAll`'s items, a GET's data and `unwrap` show `DeliveryDto` instead of its fields. (openapi-typescript's
 * `rootTypes` writes `type DeliveryDto = components["schemas"]["DeliveryDto"]`: the object type it names was
 * declared without a name, and hovers still spell it out.) A type alias, not an interface, so that nothing about
 * assignability changes (an interface has no implicit index signature). References between schemas keep
 * openapi-typescript's `components["schemas"]["X"]` form, which resolves to the named type.
 *
 * A schema whose name is taken — a global type of TypeScript's ES and DOM libraries (`Error`, `Date`, `Record`,
 * `Response`, `Document` …), a keyword, or a name of the generated files (`paths`, `components`, `operations`,
 * `NamedClient` …) — gets the vendor's prefix: Amplifier's `Error` becomes `AmplifierError`, so that importing it
 * shadows nothing and a hover that says `Error` always means the global. A name that is no (ASCII) identifier
 * (`Foo.Bar`), or whose prefixed name is taken too, stays inline: `components["schemas"]["Foo.Bar"]` only.
 */
function namedSchemas(code, clientCode) {
  // Empty placeholders (`Record<string, never>`): a client re-exports this whole file, and they would be noise.
  code = code.replace(/^export type (?:webhooks|\$defs) = Record<string, never>;\n/gm, "");
  const file = ts.createSourceFile("schema.ts", code, ts.ScriptTarget.Latest, true);
  const components = file.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === "components");
  const schemas = components?.members.find((m) => ts.isPropertySignature(m) && m.name.getText() === "schemas")?.type;
  if (!schemas || !ts.isTypeLiteralNode(schemas)) return { code, renamed: [], inline: [] };
  const members = schemas.members.filter(ts.isPropertySignature);
  // client.ts is bundled with schema.ts into one .d.ts, where a second declaration of a name would be renamed `X$1`.
  const clientNames = [...clientCode.matchAll(/^(?:export )?(?:type|interface) ([\w$]+)/gm)].map((m) => m[1]);
  const taken = new Set([...globalTypeNames(), ...clientNames, "paths", "webhooks", "components", "$defs", "operations"]);
  const specNames = new Set(members.map((m) => m.name.text));
  const prefix = vendor.split("-").map((part) => part[0].toUpperCase() + part.slice(1)).join("");
  const free = (name) => !taken.has(name) && ts.identifierToKeywordKind(ts.factory.createIdentifier(name)) === undefined;
  // The members are indented by 8 spaces (`components` > `schemas` > member); their declarations stand at the top.
  const dedent = (text) => text.replace(/\n {8}/g, "\n");
  const declarations = [];
  const edits = [];
  const renamed = [];
  const inline = [];
  for (const member of members) {
    const name = member.name.text;
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
      inline.push(`${name} (no identifier)`);
      continue;
    }
    const typeName = free(name) ? name : `${prefix}${name[0].toUpperCase()}${name.slice(1)}`;
    if (typeName !== name && (!free(typeName) || specNames.has(typeName))) {
      inline.push(`${name} (${typeName} is taken too)`);
      continue;
    }
    if (typeName !== name) renamed.push(`${name} → ${typeName}`);
    const doc = dedent(code.slice(member.getFullStart(), member.getStart())).trim();
    declarations.push(`${doc ? `${doc}\n` : ""}export type ${typeName} = ${dedent(code.slice(member.type.getStart(), member.type.end))};`);
    // The member keeps its key; its documentation moves to the named type, where hovers read it.
    edits.push({ from: member.getFullStart(), to: member.end, text: `\n        ${member.name.getText()}: ${typeName};` });
  }
  edits.push({ from: components.end, to: components.end, text: `\n${declarations.join("\n")}` });
  for (const { from, to, text } of edits.reverse()) code = code.slice(0, from) + text + code.slice(to);
  return { code, renamed, inline };
}

/** The names of the global types in TypeScript's libraries for ES and the DOM (the libs of lib.esnext.full). */
function globalTypeNames() {
  const libs = dirname(ts.getDefaultLibFilePath({}));
  const names = new Set();
  const seen = new Set();
  const read = (lib) => {
    if (seen.has(lib)) return;
    seen.add(lib);
    const text = readFileSync(join(libs, `lib.${lib}.d.ts`), "utf8");
    for (const [, ref] of text.matchAll(/^\/\/\/ <reference lib="([^"]+)" \/>/gm)) read(ref);
    // Top-level declarations start the line; members are indented.
    for (const [, name] of text.matchAll(/^(?:declare )?(?:interface|type|class|enum|namespace) ([A-Za-z_$][\w$]*)/gm)) names.add(name);
  };
  read("esnext.full");
  return names;
}

// The client type: openapi-fetch's `Client`, whose calls answer the spec's named types. openapi-fetch passes every
// answer through `Readable` (a mapped type that drops the `$Write` markers of openapi-typescript's
// `readWriteMarkers`), which prints as a long object type where the schema had a name. This codegen writes no
// markers, so `Readable` changes no type here, only how it prints: `NamedClient` reads the same `data` and `error`
// without it. The rest mirrors openapi-fetch 0.17 (`ClientMethod`, `InitParam`) and openapi-typescript-helpers 0.1
// (`GetResponseContent`, the status lists).
function clientTypes() {
  return `import type { Client, ClientPathsWithMethod, MaybeOptionalInit, ParseAsResponse } from "openapi-fetch";

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type MediaType = \`\${string}/\${string}\`;
type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | "2XX";
type ErrorStatus = 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511 | "5XX" | 400 | 401 | 402 | 403 | 404 | 405 | 406 | 407 | 408 | 409 | 410 | 411 | 412 | 413 | 414 | 415 | 416 | 417 | 418 | 420 | 421 | 422 | 423 | 424 | 425 | 426 | 427 | 428 | 429 | 430 | 431 | 444 | 450 | 451 | 497 | 498 | 499 | "4XX" | "default";
type RequiredKeysOfHelper<T> = { [K in keyof T]: {} extends Pick<T, K> ? never : K }[keyof T];
type RequiredKeysOf<T> = RequiredKeysOfHelper<T> extends undefined ? never : RequiredKeysOfHelper<T>;
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** The content of an operation's answers with one of \`Status\` for \`Media\` (all of it where no media type matches). */
type AnswerContent<Op, Status, Media extends MediaType> = Op extends { responses: infer R }
  ? {
      [S in keyof R & Status]: R[S] extends { content: infer C }
        ? C extends Record<string, any>
          ? [C[keyof C & Media]] extends [never]
            ? C
            : C[keyof C & Media]
          : C
        : undefined;
    }[keyof R & Status]
  : unknown;

/** What a call resolves to: openapi-fetch's \`FetchResponse\`, named. */
export type NamedResponse<Op, Init, Media extends MediaType> =
  | { data: ParseAsResponse<AnswerContent<Op, OkStatus, Media>, Init>; error?: never; response: Response }
  | { data?: never; error: AnswerContent<Op, ErrorStatus, Media>; response: Response };

type NamedMethod<Paths extends {}, M extends HttpMethod, Media extends MediaType> = <
  Path extends ClientPathsWithMethod<Client<Paths, Media>, M>,
  Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<NamedResponse<Paths[Path][M & keyof Paths[Path]], Init, Media>>;

/**
 * openapi-fetch's \`Client\`, whose calls answer the schemas' named types (\`DeliveryDto\`, not its fields). Its methods
 * come first, openapi-fetch's own after them (overloads): a call takes the named answer, and the client is still a
 * \`Client<Paths, Media>\` for whatever takes one (openapi-react-query, a user's own helpers).
 */
export type NamedClient<Paths extends {}, Media extends MediaType = MediaType> = NamedMethods<Paths, Media> & Client<Paths, Media>;

interface NamedMethods<Paths extends {}, Media extends MediaType> {
  request: <M extends HttpMethod, Path extends ClientPathsWithMethod<Client<Paths, Media>, M>, Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>>(
    method: M,
    url: Path,
    ...init: InitParam<Init>
  ) => Promise<NamedResponse<Paths[Path][M & keyof Paths[Path]], Init, Media>>;
  /** Call a GET endpoint */
  GET: NamedMethod<Paths, "get", Media>;
  /** Call a PUT endpoint */
  PUT: NamedMethod<Paths, "put", Media>;
  /** Call a POST endpoint */
  POST: NamedMethod<Paths, "post", Media>;
  /** Call a DELETE endpoint */
  DELETE: NamedMethod<Paths, "delete", Media>;
  /** Call a OPTIONS endpoint */
  OPTIONS: NamedMethod<Paths, "options", Media>;
  /** Call a HEAD endpoint */
  HEAD: NamedMethod<Paths, "head", Media>;
  /** Call a PATCH endpoint */
  PATCH: NamedMethod<Paths, "patch", Media>;
  /** Call a TRACE endpoint */
  TRACE: NamedMethod<Paths, "trace", Media>;
}
`;
}

// The bundled spec ships with the client (`@b2bkit/<vendor>-client/openapi.json`): one self-contained JSON file.
const config = await createConfig({});
const { bundle: result, problems } = await bundle({ ref: spec, config });
const errors = problems.filter((p) => p.severity === "error");
if (errors.length) {
  for (const p of errors) console.error(`${relative(root, spec)}: ${p.message}`);
  process.exit(1);
}
// `x-b2bkit` holds the monorepo's facts about the vendor (mock port, bundle ceiling): not part of the API, not shipped.
delete result.parsed["x-b2bkit"];
await writeFile(join(out, "openapi.json"), `${JSON.stringify(result.parsed, null, 2)}\n`);

// The operations whose successful answers promise no JSON body: none declared, or one the spec only assumes
// (`x-assumption` on the response or its JSON content: the vendor does not document it, so an empty or non-JSON answer
// is tolerated and gives no data). For every other operation the transport treats an empty answer as an error
// (EMPTY_BODY) instead of handing back `undefined` as data.
const noJson = [];
for (const [path, item] of Object.entries(result.parsed.paths ?? {})) {
  for (const [method, op] of Object.entries(item)) {
    if (!op || typeof op !== "object" || !op.responses) continue;
    const answers = Object.entries(op.responses).filter(([code]) => /^2\d\d$/.test(code) && code !== "204" && code !== "205");
    // A response may be a $ref to components/responses: what it points at declares the content.
    const resolve = (r) => (r?.$ref ? r.$ref.split("/").slice(1).reduce((node, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], result.parsed) : r);
    const promised = (r) => {
      const json = Object.entries(r?.content ?? {}).find(([type]) => type.includes("json"))?.[1];
      return json !== undefined && r["x-assumption"] === undefined && json["x-assumption"] === undefined;
    };
    if (answers.some(([, r]) => !promised(resolve(r)))) noJson.push(`${method.toUpperCase()} ${path}`);
  }
}
await writeFile(
  join(out, "src/generated/operations.ts"),
  `${banner}/** The operations (\`"METHOD /path"\`, \`|\`-separated) whose 2xx answers declare no JSON body. */\nexport const NO_JSON_ANSWER = ${JSON.stringify(noJson.join("|"))};\n`,
);
console.log(`b2bkit-codegen: ${vendor} → src/generated/schema.ts, client.ts, operations.ts, openapi.json (${Date.now() - started} ms)`);
if (named.renamed.length) console.log(`  schema names taken by a global, a keyword or a generated name: ${named.renamed.join(", ")}`);
if (named.inline.length) console.log(`  schemas left without a name of their own: ${named.inline.join(", ")}`);
