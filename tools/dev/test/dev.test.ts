import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { VENDORS } from "@b2bkit/vendors";

const DEV = fileURLToPath(new URL("../dev.js", import.meta.url));
const SPEC = fileURLToPath(new URL("../../../specs/amage/openapi.yaml", import.meta.url));
// Apart from the fixed ports, so a `pnpm dev` the developer keeps running does not collide with the test.
const OFFSET = 2100;
const AMAGE = VENDORS.find((v) => v.id === "amage")!.port;

async function until(check: () => boolean, ms: number, output: () => string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting; pnpm dev printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe("pnpm dev", () => {
  it("builds, starts every mock and the docs, prints one table, restarts a changed spec's mock, stops on one Ctrl-C", async () => {
    const child = spawn(process.execPath, [DEV, `--port-offset=${OFFSET}`], { stdio: "pipe" });
    cleanup.push(() => child.kill("SIGKILL"));
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    await until(() => out.includes("Press Ctrl-C to stop everything."), 150_000, () => out);

    expect(out).toMatch(/service\s+URL\s+serving/);
    expect(out).toMatch(/docs\s+http:\/\/localhost:6100/);
    expect(out).toMatch(new RegExp(`mock amage\\s+http://localhost:${AMAGE + OFFSET}\\s+specs/amage/openapi\\.yaml`));
    const index = await fetch("http://127.0.0.1:6100/");
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).toContain("AMAGE");
    // The index shows the ports this `pnpm dev` runs the mocks on, not the fixed ones.
    expect(html).toContain(`http://localhost:${AMAGE + OFFSET}`);
    expect(html).not.toContain(`http://localhost:${AMAGE}`);
    const count = await fetch(`http://127.0.0.1:${AMAGE + OFFSET}/rest/amage/v1/orders/count`, {
      headers: { "amage-device-uuid": "d", "amage-api-key": "k", "amage-api-sign": "s" },
    });
    expect(await count.json()).toBe(1); // the count example: as many as the list example holds

    // Touch the spec (same content): the mock restarts and answers again.
    const spec = readFileSync(SPEC, "utf8");
    writeFileSync(SPEC, spec);
    await until(() => out.includes("amage: spec changed — mock restarted"), 60_000, () => out);
    const again = await fetch(`http://127.0.0.1:${AMAGE + OFFSET}/rest/amage/v1/orders/count`, {
      headers: { "amage-device-uuid": "d", "amage-api-key": "k", "amage-api-sign": "s" },
    });
    expect(again.status).toBe(200);

    child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(out).toMatch(/Stopped \d+ mocks? and the docs server\./);
    await expect(fetch("http://127.0.0.1:6100/").catch((e: Error) => e.name)).resolves.toBe("TypeError");
    await expect(fetch(`http://127.0.0.1:${AMAGE + OFFSET}/`).catch((e: Error) => e.name)).resolves.toBe("TypeError");
  });

  it("explains itself on --help and exits 0", async () => {
    const child = spawn(process.execPath, [DEV, "--help"], { stdio: "pipe" });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(0);
    expect(out).toContain("usage: pnpm dev [--port-offset=N]");
    expect(out).toContain("Ctrl-C stops everything");
  });

  it("reports the docs port in use, with the port, and stops the mocks it had started", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(6100, "127.0.0.1", r));
    cleanup.push(() => blocker.close());
    const child = spawn(process.execPath, [DEV, `--port-offset=${OFFSET}`], { stdio: "pipe" });
    cleanup.push(() => child.kill("SIGKILL"));
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(1);
    expect(out).toContain("docs: port 6100 is already in use");
    expect(out).toMatch(/Stopped \d+ mocks\./);
    expect(out).not.toMatch(/\n\s+at /);
    await expect(fetch(`http://127.0.0.1:${AMAGE + OFFSET}/`).catch((e: Error) => e.name)).resolves.toBe("TypeError");
  });
});
