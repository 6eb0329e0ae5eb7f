// For a vendor's coverage test: every operation of its bundled spec (../openapi.json beside the test folder) and
// the ones no other test file in that folder calls through the client.
import { readFileSync, readdirSync } from "node:fs";

const METHODS = ["get", "post", "put", "patch", "delete"];

export function specCoverage(testDir, { names = (path) => [JSON.stringify(path)] } = {}) {
  const spec = JSON.parse(readFileSync(new URL("../openapi.json", testDir), "utf8"));
  const sources = readdirSync(testDir)
    .filter((f) => f.endsWith(".test.ts") && f !== "coverage.test.ts")
    .map((f) => readFileSync(new URL(f, testDir), "utf8"))
    .join("\n");
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
  const untested = operations.filter((op) => {
    const [method, path] = op.split(" ");
    return !names(path).some((name) => sources.includes(`.${method}(${name}`));
  });
  return { operations, untested };
}
