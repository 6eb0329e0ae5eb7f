import { describe, expect, it } from "vitest";
import { specCoverage } from "@b2bkit/mock/coverage";
import * as helpers from "./helpers.js";

// The tests name the paths through the constants of helpers.ts (B2B, B2B_COMPANY …) as often as literally.
const names = (path: string) => [JSON.stringify(path), ...Object.entries(helpers).filter(([, value]) => value === path).map(([name]) => name)];

describe("the test suite", () => {
  it("calls every operation of the spec through the client", () => {
    const { operations, untested } = specCoverage(new URL(".", import.meta.url), { names });
    expect(operations).toHaveLength(5);
    expect(untested).toEqual([]);
  });
});
