import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const here = new URL(".", import.meta.url);
const sources = readdirSync(here)
  .filter((f) => f.endsWith(".test.ts") && f !== "coverage.test.ts")
  .map((f) => readFileSync(new URL(f, here), "utf8"))
  .join("\n");

describe("the test suite", () => {
  it("calls every operation of the spec through the client", () => {
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
        .map((m) => `${m.toUpperCase()}("${path}"`),
    );
    // AmplifierJWTAuth.GetToken and the twenty B2BWSBackend methods.
    expect(operations).toHaveLength(21);
    expect(operations.filter((call) => !sources.includes(`.${call}`))).toEqual([]);
  });
});
