import { describe, expect, it } from "vitest";
import { specCoverage } from "@b2bkit/mock/coverage";

describe("the test suite", () => {
  it("calls every operation of the spec through the client", () => {
    const { operations, untested } = specCoverage(new URL(".", import.meta.url));
    // AmplifierJWTAuth.GetToken and the twenty B2BWSBackend methods.
    expect(operations).toHaveLength(21);
    expect(untested).toEqual([]);
  });
});
