#!/usr/bin/env node
// Usage (from a client package): b2bkit-codegen <vendor>
// Writes src/generated/schema.ts (types from specs/<vendor>/openapi.yaml) and openapi.json (the spec, bundled).
// Both are build output: never edited by hand, never committed.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
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
await writeFile(join(out, "src/generated/schema.ts"), banner + openUnions(astToString(ast)));

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
console.log(`b2bkit-codegen: ${vendor} → src/generated/schema.ts, operations.ts, openapi.json (${Date.now() - started} ms)`);
