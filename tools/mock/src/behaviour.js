// Vendor-neutral helpers for the tests of a mock's behaviour: a dynamic mock for a test file, a fetch that records
// every exchange, a fetch that asks the mock for a `Prefer`, and one test per answer a spec declares.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, startMock } from "@b2bkit/mock";
/** Starts the vendor's mock with `--dynamic` for the test file; the getter gives its URL. */
export function dynamicMock(vendor) {
  let mock;
  beforeAll(async () => {
    mock = await startMock({ vendor, port: await freePort(), dynamic: true });
  }, 60_000);
  afterAll(() => mock?.stop());
  return () => mock.url;
}
/** A fetch that records every exchange it carries (give it to a client as its `fetch`). */
export function recorder() {
  const seen = [];
  const record = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    seen.push({ method: request.method, path: new URL(request.url).pathname, status: response.status, headers: request.headers, body: await response.clone().text() });
    return response;
  };
  return { seen, fetch: record };
}
/**
 * A fetch that asks the mock for `prefer` (Prism's `Prefer` header) on every request whose URL matches `only`: how a
 * user makes the mock refuse a login or token call, which the auth sends through the client's `fetch`.
 */
export function preferring(prefer, only = /./) {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (only.test(input instanceof Request ? input.url : String(input)))
      headers.set("Prefer", prefer);
    return fetch(input, { ...init, headers });
  };
}
const METHODS = ["get", "post", "put", "patch", "delete"];
/**
 * Every answer a vendor's spec declares, as a request that asks Prism for it with `Prefer: code=<status>` (and
 * `example=<name>` for each named example), built from the spec's own examples so that Prism takes it as valid.
 */
export function preferCases(specFile, options) {
  const spec = JSON.parse(readFileSync(specFile, "utf8"));
  const deref = (node) => (node && typeof node.$ref === "string" ? deref(node.$ref.slice(2).split("/").reduce((at, key) => at[key.replace(/~1/g, "/")], spec)) : node);
  const exampleOf = (p) => options.params?.[p.name] ?? p.example ?? deref(Object.values(p.examples ?? {})[0])?.value ?? deref(p.schema)?.examples?.[0];
  const cases = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const op = item[method];
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const path = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String(exampleOf(params.find((p) => p.name === name)))));
      const query = new URLSearchParams(params.filter((p) => p.in === "query" && p.required).map((p) => [p.name, String(exampleOf(p))]));
      const headers = { accept: options.accept, ...options.headers };
      const init = { method: method.toUpperCase(), headers };
      const requestBody = deref(op.requestBody);
      if (requestBody && method !== "get") {
        const [type, media] = Object.entries(requestBody.content)[0];
        const value = deref(Object.values(media.examples ?? {})[0])?.value ?? media.example ?? {};
        if (type === "multipart/form-data") {
          const form = new FormData();
          for (const [name, field] of Object.entries(value))
            form.append(name, media.schema?.properties?.[name]?.format === "binary" ? new Blob([String(field)]) : String(field));
          init.body = form;
        }
        else {
          headers["content-type"] = type;
          init.body = type === "application/x-www-form-urlencoded" ? new URLSearchParams(value).toString() : JSON.stringify(value);
        }
      }
      const url = `${path}${query.size ? `?${query}` : ""}`;
      for (const [code, declared] of Object.entries(op.responses)) {
        if (code === "default")
          continue;
        const response = deref(declared);
        const status = Number(code.replace(/XX$/, "00"));
        const label = `${method.toUpperCase()} ${template} ${code}`;
        cases.push({ name: label, url, init: { ...init, headers: { ...headers, prefer: `code=${status}` } }, status });
        const media = response.content?.[options.accept];
        for (const [example, named] of Object.entries(media?.examples ?? {})) {
          const prefer = `code=${status}, example=${example}`;
          cases.push({ name: `${label} ${example}`, url, init: { ...init, headers: { ...headers, prefer } }, status, example, value: deref(named).value });
        }
      }
    }
  }
  return cases;
}
/**
 * One test per answer the spec declares: asked for with `Prefer`, the mock answers that status, in the content type the
 * client accepts (never Prism's own problem+json, nor a silent 200 for want of a matching content type), and with the
 * named example when one is asked for.
 */
export function testDeclaredAnswers(specFile, options) {
  it.each(preferCases(specFile, options))("$name", async ({ url, init, status, value }) => {
    const res = await fetch(`${options.mock()}${url}`, init);
    expect(res.status).toBe(status);
    if (status === 204)
      return;
    expect(res.headers.get("content-type")?.split(";")[0]).toBe(options.accept);
    if (value !== undefined)
      expect(await res.json()).toEqual(value);
  });
}
