import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { VENDORS as VENDOR_LIST } from "@b2bkit/vendors";
import { ROOT } from "../packages.js";

const run = promisify(execFile);
const VENDORS = VENDOR_LIST.map((v) => v.id);

/** `pnpm size` as CI runs it: its exit code and what it printed. */
async function size(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [join(ROOT, "tools/release/size.js"), ...args], { cwd: ROOT });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

/** The gzipped size printed for each vendor. */
const sizes = (out: string) =>
  Object.fromEntries(VENDORS.map((v) => [v, Number(new RegExp(`^${v}\\s+\\d+\\s+(\\d+)`, "m").exec(out)?.[1])]));

describe("pnpm size", () => {
  it("passes within every vendor's ceiling, printing each size and its distance to the 9 KiB budget", async () => {
    const { code, out } = await size();
    const ceilings: Record<string, number> = Object.fromEntries(VENDOR_LIST.map((v) => [v.id, v.bundleCeiling]));
    const measured = sizes(out);
    for (const v of VENDORS) {
      expect(measured[v], `${v} printed`).toBeGreaterThan(1000);
      expect(measured[v], `${v} within its ceiling`).toBeLessThanOrEqual(ceilings[v]!);
    }
    for (const v of VENDORS) {
      const distance = measured[v]! <= 9216 ? `${9216 - measured[v]!} B left` : `${measured[v]! - 9216} B over`;
      expect(out).toMatch(new RegExp(`^${v}\\s+\\d+\\s+${measured[v]}\\s+${distance}\\s+${ceilings[v]}\\s+ok( \\(tighten .*\\))?$`, "m"));
    }
    expect(code).toBe(0);
  });

  it("fails past a budget, naming the vendor and by how much", async () => {
    const { code, out } = await size("--budget=5000");
    expect(code).toBe(1);
    const measured = sizes(out);
    for (const v of VENDORS) expect(out).toMatch(new RegExp(`^${v}\\s.*OVER by ${measured[v]! - 5000} B$`, "m"));
  });

  it("refuses a budget that is not a number of bytes", async () => {
    const { code } = await size("--budget=6k");
    expect(code).toBe(2);
  });
});
