import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { unwrap } from "../src/index.js";
import { credentials, mockAuthUrl, mockClient, mockUrl } from "./helpers.js";

type Media = { schema?: unknown; examples?: Record<string, { value?: unknown; $ref?: string }> };
type Operation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; example?: unknown; examples?: Record<string, { value: unknown }> }>;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { $ref?: string; content?: Record<string, Media> }>;
};
type PathItem = Record<string, Operation> & { parameters?: Operation["parameters"] };
const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
  paths: Record<string, PathItem>;
  components: { responses: Record<string, { content?: Record<string, Media> }>; examples: Record<string, { value: unknown }> };
};

const METHODS = ["get", "post", "put", "patch", "delete"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ path, method, item, op: item[method]! })),
);
const exampleValue = (e: { value?: unknown; $ref?: string }) =>
  e.$ref ? spec.components.examples[e.$ref.split("/").pop()!]!.value : e.value;
const response = (r: { $ref?: string; content?: Record<string, Media> }) => (r.$ref ? spec.components.responses[r.$ref.split("/").pop()!]! : r);

/** Each documented request body, as [operationId, path, method, content type, example name, value]. */
const requestExamples = operations.flatMap(({ path, method, op }) =>
  Object.entries(op.requestBody?.content ?? {})
    .filter(([type]) => type !== "multipart/form-data") // the upload's example stands for binary data: see product-images.test.ts
    .flatMap(([type, media]) =>
      Object.entries(media.examples ?? {}).map(([name, e]) => [op.operationId!, path, method, type, name, exampleValue(e)] as const),
    ),
);

/** The path with each path parameter replaced by its documented example. */
function concrete(path: string, item: PathItem): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => String(item.parameters?.find((p) => p.name === name)?.example));
}

describe("the spec's examples", () => {
  it("document a request body for every operation that takes one, and an answer for every 2xx", () => {
    for (const { op } of operations) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        expect(Object.keys(media.examples ?? {}), `${op.operationId} ${type}`).not.toHaveLength(0);
      }
      for (const [status, r] of Object.entries(op.responses).filter(([s]) => s.startsWith("2"))) {
        for (const [type, media] of Object.entries(response(r).content ?? {})) {
          expect(Object.keys(media.examples ?? {}), `${op.operationId} ${status} ${type}`).not.toHaveLength(0);
        }
      }
    }
    expect(requestExamples).toHaveLength(17); // the token form, fifteen imports and the status change
  });

  it.each(requestExamples)("%s: the %s example is accepted by the mock through the typed client", async (_id, path, method, type, _name, value) => {
    const amplifier = mockClient();
    const call = (amplifier as unknown as Record<string, (p: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>>)[
      method.toUpperCase()
    ]!;
    const params = { path: Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, n]) => [n, concrete(`{${n}}`, spec.paths[path]!)])) };
    const init = type === "application/json" ? { params, body: value } : { params, body: value, headers: { "Content-Type": type } };
    // A refused example would throw the mock's 400 with the offending field.
    await expect(unwrap(call(path, init))).resolves.toBeDefined();
  });

  it.each(requestExamples.filter(([, path]) => path !== "/auth/"))(
    "%s: the example sent byte for byte as the .NET client sends it is accepted",
    async (_id, path, method, _type, _name, value) => {
      // What HttpClient puts on the wire: StringContent's "application/json; charset=utf-8", no Accept, the Bearer token.
      const token = await amplifierAuth({ authUrl: mockAuthUrl(), ...credentials }).getToken();
      const res = await fetch(`${mockUrl()}${concrete(path, spec.paths[path]!)}`, {
        method: method.toUpperCase(),
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify(value),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      await res.arrayBuffer();
    },
  );

  it("answers the documented examples: orders, one order and complaints", async () => {
    const amplifier = mockClient();
    const orders = await unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));
    expect(orders).toEqual(spec.components.examples["OrderList"]!.value);
    const order = await unwrap(amplifier.GET("/orders-translator/{token}/", { params: { path: { token: concrete("{token}", spec.paths["/orders-translator/{token}/"]!) } } }));
    expect(order).toEqual(spec.components.examples["Order"]!.value);
    const complaints = await unwrap(amplifier.GET("/complaints-translator/"));
    const documented = spec.paths["/complaints-translator/"]!["get"]!.responses["200"]!.content!["application/json"]!.examples!["complaints"]!.value;
    expect(complaints).toEqual(documented);
  });
});
