import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The bundled spec (written by the generate step) against the calls the other test files make through the client.
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
    expect(operations).toHaveLength(8);
    expect(operations.filter((call) => !sources.includes(`.${call}`))).toEqual([]);
  });
});
