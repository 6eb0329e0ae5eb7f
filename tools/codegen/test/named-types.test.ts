// The named types, as a user of a built client package sees them in an editor: every schema of the vendor's spec is
// a type the package exports under the schema's name, and a hover — TypeScript's quick info, what an editor shows —
// of a `listAll` item, a GET's data or an `unwrap` result reads that name (`DeliveryDto`), not the fields of one.
// Reads each package's dist/ (run `pnpm build` first), the way `import type { DeliveryDto } from
// "@b2bkit/amage-client"` resolves it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

interface Vendor {
  /** The exported client type. */
  client: string;
  /** Schemas whose name the package does not export as that schema, and why. */
  excluded?: Record<string, string>;
  /** Schemas whose generated type has another name (see generate.js): hovers show that name. */
  renamed?: Record<string, string>;
  /** Schemas that hovers cannot show by name, and why. */
  unnamed?: Record<string, string>;
  /** Calls as a user writes them; the quick info of each `/*?*\/name` must read as the matching line of `hovers`. */
  probe: string;
  hovers: string[];
}

const VENDORS: Record<string, Vendor> = {
  amage: {
    client: "AmageClient",
    probe: `
import { createAmageClient, listAll, unwrap } from "@b2bkit/amage-client";
const amage = createAmageClient({ baseUrl: "https://api.example.invalid" });
export async function probe() {
  for await (const /*?*/delivery of listAll(amage, "/rest/amage/v1/deliveries/list")) void delivery;
  const { /*?*/data } = await amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params: { path: { uuid: "u" } } });
  const /*?*/order = await unwrap(amage.GET("/rest/amage/v1/orders/get/by-uuid/{uuid}", { params: { path: { uuid: "u" } } }));
  return [data, order];
}`,
    hovers: ["const delivery: DeliveryDto & RecordIds", "const data: (DeliveryDto & RecordIds) | undefined", "const order: OrderDto & RecordIds"],
  },
  amplifier: {
    client: "AmplifierClient",
    excluded: {
      Error: "would shadow the global Error: exported as AmplifierError (and AmplifierErrorBody)",
      ImportResult: "the name of importInBatches' result; the schema (an unknown body) is components['schemas']['ImportResult']",
    },
    renamed: { Error: "AmplifierError", Document: "AmplifierDocument" },
    // Amplifier has no paged list: listAll does not exist.
    probe: `
import { createAmplifierClient, unwrap } from "@b2bkit/amplifier-client";
const amplifier = createAmplifierClient({ baseUrl: "https://api.example.invalid" });
export async function probe() {
  const { data: /*?*/orders } = await amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } });
  const /*?*/order = await unwrap(amplifier.GET("/orders-translator/{token}/", { params: { path: { token: "t" } } }));
  return [orders, order];
}`,
    hovers: ["const orders: Order[] | undefined", "const order: Order"],
  },
  jiwa: {
    client: "JiwaClient",
    unnamed: {
      Authenticate:
        "an object & AuthenticateCredentials, which is `unknown` to TypeScript (anyOf of required lists): the intersection reduces to the object, declared without a name",
    },
    probe: `
import { createJiwaClient, listAll, unwrap } from "@b2bkit/jiwa-client";
const jiwa = createJiwaClient({ baseUrl: "https://api.example.invalid" });
export async function probe() {
  for await (const /*?*/row of listAll(jiwa, "/Queries/IN_Main")) void row;
  const { data: /*?*/item } = await jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID: "i" } } });
  const /*?*/notes = await unwrap(jiwa.GET("/Inventory/{InventoryID}/Notes", { params: { path: { InventoryID: "i" } } }));
  return [item, notes];
}`,
    hovers: ["const row: IN_Main", "const item: (InventoryItem & InventoryItemKeys) | undefined", "const notes: Note[]"],
  },
  portos: {
    client: "PortosClient",
    probe: `
import { createPortosClient, listAll, unwrap } from "@b2bkit/portos-client";
const portos = createPortosClient({ baseUrl: "https://api.example.invalid" });
export async function probe() {
  for await (const /*?*/customer of listAll(portos, "/customers")) void customer;
  const { data: /*?*/page, error: /*?*/problem } = await portos.GET("/customers");
  const /*?*/one = await unwrap(portos.GET("/customers/{id}", { params: { path: { id: "c" } } }));
  return [page, problem, one];
}`,
    hovers: [
      "const customer: Customer & StoredCustomer",
      "const page: QueryResult_Customer | undefined",
      "const problem: ProblemDetails | PortosValidationProblemDetails | undefined",
      "const one: Customer & StoredCustomer",
    ],
  },
  tlsecure: {
    client: "TlsecureClient",
    // TLSecure has no paged list: listAll does not exist. Its unwrap answers the envelope's `object`.
    probe: `
import { createTlsecureClient, unwrap } from "@b2bkit/tlsecure-client";
const tlsecure = createTlsecureClient({ baseUrl: "https://api.example.invalid", domainCode: "00000" });
export async function probe() {
  const { data: /*?*/envelope } = await tlsecure.GET("/api/{returnType}/{domainCode}/customer/b2b");
  const /*?*/companies = await unwrap(tlsecure.GET("/api/{returnType}/{domainCode}/customer/b2b"));
  return [envelope, companies];
}`,
    hovers: ["const envelope: CompaniesEnvelope | undefined", "const companies: CompaniesObject"],
  },
};

const EQUAL = "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;";
const clientDir = (vendor: string) => join(root, "packages", `${vendor}-client`);
const schemaNames = (vendor: string) =>
  Object.keys((JSON.parse(readFileSync(join(clientDir(vendor), "openapi.json"), "utf8")) as { components: { schemas: object } }).components.schemas);

/** Per schema `i`, `same<i>` holds if the package exports the schema under its name, and `hover<i>` is one to hover. */
const namesFile = (vendor: string, names: string[]) =>
  [
    // No namespace import: TypeScript would print every type it reaches through one as \`pkg.X\`.
    `import type { components } from "@b2bkit/${vendor}-client";`,
    EQUAL,
    `type Schemas = components["schemas"];`,
    ...names.flatMap((name, i) => [
      // A name that is no identifier cannot be imported as one.
      `export const same${i}: Equal<${/^[A-Za-z_$][\w$]*$/.test(name) ? `import("@b2bkit/${vendor}-client").${name}` : "never"}, Schemas[${JSON.stringify(name)}]> = true;`,
      `export declare const hover${i}: Schemas[${JSON.stringify(name)}];`,
    ]),
  ].join("\n");

/**
 * The client's answers are openapi-fetch's, only named: for every operation, `data` and `error` as the client types
 * them are the very types openapi-fetch's own `Client` gives (generate.js leaves out its `Readable` pass).
 */
const sameAnswersFile = (client: string) => `
import type { Client, FetchResponse } from "openapi-fetch";
import type { NamedResponse } from "./src/generated/client.js";
import type { ${client} } from "./src/index.js";
${EQUAL}
type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type Same<C> = C extends Client<infer Paths, infer Media>
  ? { [P in keyof Paths]: { [M in keyof Paths[P] & Method]: [NonNullable<Paths[P][M]>] extends [never] ? never
      : Equal<NamedResponse<NonNullable<Paths[P][M]>, {}, Media>, FetchResponse<NonNullable<Paths[P][M]>, {}, Media>> extends true ? never
      : \`\${M} \${P & string}\` }[keyof Paths[P] & Method] }[keyof Paths]
  : "not an openapi-fetch Client";
export const differ: Same<${client}> | "none" = "none" as Same<${client}> extends never ? "none" : never;
`;

const files = new Map<string, string>();
let service: ts.LanguageService;

beforeAll(() => {
  for (const vendor of Object.keys(VENDORS)) {
    if (!existsSync(join(clientDir(vendor), "dist", "index.d.ts"))) throw new Error(`packages/${vendor}-client is not built: run \`pnpm build\` first`);
    files.set(join(clientDir(vendor), "named-types.probe.ts"), VENDORS[vendor]!.probe);
    files.set(join(clientDir(vendor), "named-types.names.ts"), namesFile(vendor, schemaNames(vendor)));
    files.set(join(clientDir(vendor), "named-types.answers.ts"), sameAnswersFile(VENDORS[vendor]!.client));
  }
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.base.json"), { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error("tsconfig.base.json: unreadable");
  service = ts.createLanguageService({
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: () => "1",
    getScriptSnapshot: (file) => {
      const text = files.get(file) ?? (ts.sys.fileExists(file) ? ts.sys.readFile(file) : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (file) => files.has(file) || ts.sys.fileExists(file),
    readFile: (file) => files.get(file) ?? ts.sys.readFile(file),
    // pnpm links packages: without realpath one package loaded through two paths is two unrelated sets of types.
    realpath: ts.sys.realpath,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
});

const errors = (file: string) => service.getSemanticDiagnostics(file).concat(service.getSyntacticDiagnostics(file));
const say = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0];
const hover = (file: string, at: number) => ts.displayPartsToString(service.getQuickInfoAtPosition(file, at)?.displayParts);

describe.each(Object.keys(VENDORS))("%s", (vendor) => {
  const { excluded = {}, renamed = {}, unnamed = {}, hovers } = VENDORS[vendor]!;

  it("exports every schema of its spec under the schema's name", () => {
    const file = join(clientDir(vendor), "named-types.names.ts");
    const names = schemaNames(vendor);
    const lines = files.get(file)!.split("\n");
    const source = service.getProgram()!.getSourceFile(file)!;
    const missing = new Map<string, string>();
    for (const d of errors(file)) {
      const line = lines[source.getLineAndCharacterOfPosition(d.start ?? 0).line] ?? "";
      const i = /^export const same(\d+):/.exec(line)?.[1];
      missing.set(i === undefined ? line : names[Number(i)]!, say(d)!);
    }
    expect(names.length).toBeGreaterThan(0);
    expect(Object.fromEntries(missing)).toEqual(Object.fromEntries(Object.keys(excluded).map((name) => [name, expect.any(String)])));
  });

  it("names each schema's type, so that hovers show the name", () => {
    const file = join(clientDir(vendor), "named-types.names.ts");
    const names = schemaNames(vendor);
    const checker = service.getProgram()!.getTypeChecker();
    // A schema that is another one (`OPMode`, a $ref to `PriceModesInput`) is shown by that one's name.
    const shownNames = new Set(names.map((name) => renamed[name] ?? name));
    const spelledOut: string[] = [];
    for (const statement of service.getProgram()!.getSourceFile(file)!.statements) {
      const declaration = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0] : undefined;
      const i = declaration && /^hover(\d+)$/.exec(declaration.name.getText())?.[1];
      if (!declaration || i === undefined) continue;
      const name = names[Number(i)]!;
      const shown = hover(file, declaration.name.getStart()).replace(/^const hover\d+: /, "");
      // TypeScript prints a primitive (`type DateTime = string`) as itself, whatever it is called.
      const type = checker.getTypeAtLocation(declaration.name);
      const { StringLike, NumberLike, BigIntLike, BooleanLike, EnumLike, ESSymbolLike, VoidLike, Null, Unknown, Any } = ts.TypeFlags;
      const primitive = (type.flags & (StringLike | NumberLike | BigIntLike | BooleanLike | EnumLike | ESSymbolLike | VoidLike | Null | Unknown | Any)) !== 0;
      if (!shownNames.has(shown) && !primitive) spelledOut.push(name);
    }
    expect(spelledOut.sort()).toEqual(Object.keys(unnamed).sort());
  });

  it("answers a listAll item, a GET's data and an unwrap result by name", () => {
    const file = join(clientDir(vendor), "named-types.probe.ts");
    const text = files.get(file)!;
    expect(errors(file).map(say)).toEqual([]);
    const shown = [...text.matchAll(/\/\*\?\*\//g)].map((m) => hover(file, m.index + m[0].length));
    expect(shown).toEqual(hovers);
  });

  it("answers the same data and errors as openapi-fetch's own Client", () => {
    expect(errors(join(clientDir(vendor), "named-types.answers.ts")).map(say)).toEqual([]);
  });
});
