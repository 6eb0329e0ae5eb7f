import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as helpers from "./helpers.js";

const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const here = new URL(".", import.meta.url);
const sources = readdirSync(here)
  .filter((f) => f.endsWith(".test.ts") && f !== "coverage.test.ts")
  .map((f) => readFileSync(new URL(f, here), "utf8"))
  .join("\n");

// The tests name the paths through the constants of helpers.ts (B2B, B2B_COMPANY …) as often as literally.
const namesOf = (path: string) => [
  JSON.stringify(path),
  ...Object.entries(helpers)
    .filter(([, value]) => value === path)
    .map(([name]) => name),
];

describe("the test suite", () => {
  it("calls every operation of the spec through the client", () => {
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
        .map((m) => ({ path, method: m.toUpperCase() })),
    );
    expect(operations).toHaveLength(5);
    const untested = operations.filter(({ path, method }) => !namesOf(path).some((name) => sources.includes(`.${method}(${name}`)));
    expect(untested).toEqual([]);
  });
});
