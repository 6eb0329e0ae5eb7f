import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROOT, VENDORS } from "@b2bkit/vendors";
import { freePortOffset } from "@b2bkit/vendors/cli";

const DEV = fileURLToPath(new URL("../dev.js", import.meta.url));
const AMAGE = VENDORS.find((v) => v.id === "amage")!.port;
// dev's documented docs port, which --port-offset shifts like the mocks'.
const DOCS = 4000;

// dev serves and watches a copy of the specs (B2BKIT_DEV_ROOT) and writes its docs site there: the test's edit of a
// spec never reaches the checkout, nor a `pnpm dev` the developer keeps running on it.
let copy: string;
let SPEC: string;
beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), "b2bkit-dev-"));
  cpSync(join(ROOT, "specs"), join(copy, "specs"), { recursive: true });
  SPEC = join(copy, "specs/amage/openapi.yaml");
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));
const devEnv = () => ({ ...process.env, B2BKIT_DEV_ROOT: copy });

// Every port dev takes shifted to ports free right now, apart from a `pnpm dev` or `pnpm mock` that is running.
let OFFSET: number;
beforeEach(async () => {
  OFFSET = await freePortOffset([DOCS, ...VENDORS.map((v) => v.port)]);
});

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
    const child = spawn(process.execPath, [DEV, `--port-offset=${OFFSET}`], { stdio: "pipe", env: devEnv() });
    cleanup.push(() => child.kill("SIGKILL"));
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    await until(() => out.includes("Press Ctrl-C to stop everything."), 150_000, () => out);

    expect(out).toMatch(/service\s+URL\s+serving/);
    expect(out).toMatch(new RegExp(`docs\\s+http://localhost:${DOCS + OFFSET}`));
    expect(out).toMatch(new RegExp(`mock amage\\s+http://localhost:${AMAGE + OFFSET}\\s+specs/amage/openapi\\.yaml`));
    const index = await fetch(`http://127.0.0.1:${DOCS + OFFSET}/`);
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

    // The site was written under the copy, not over the checkout's (which a running `pnpm dev` serves).
    expect(readFileSync(join(copy, "tools/docs/dist/index.html"), "utf8")).toContain(`http://localhost:${AMAGE + OFFSET}`);
    const checkoutSite = join(ROOT, "tools/docs/dist/index.html");
    if (existsSync(checkoutSite)) expect(readFileSync(checkoutSite, "utf8")).not.toContain(`http://localhost:${AMAGE + OFFSET}`);

    // Touch the copy's spec (same content): the mock restarts and answers again.
    writeFileSync(SPEC, readFileSync(SPEC, "utf8"));
    await until(() => out.includes("amage: spec changed — mock restarted"), 60_000, () => out);
    const again = await fetch(`http://127.0.0.1:${AMAGE + OFFSET}/rest/amage/v1/orders/count`, {
      headers: { "amage-device-uuid": "d", "amage-api-key": "k", "amage-api-sign": "s" },
    });
    expect(again.status).toBe(200);

    child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(out).toMatch(/Stopped \d+ mocks? and the docs server\./);
    await expect(fetch(`http://127.0.0.1:${DOCS + OFFSET}/`).catch((e: Error) => e.name)).resolves.toBe("TypeError");
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
    await new Promise<void>((r) => blocker.listen(DOCS + OFFSET, "127.0.0.1", r));
    cleanup.push(() => blocker.close());
    const child = spawn(process.execPath, [DEV, `--port-offset=${OFFSET}`], { stdio: "pipe", env: devEnv() });
    cleanup.push(() => child.kill("SIGKILL"));
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(1);
    expect(out).toContain(`docs: port ${DOCS + OFFSET} is already in use`);
    expect(out).toMatch(/Stopped \d+ mocks\./);
    expect(out).not.toMatch(/\n\s+at /);
    await expect(fetch(`http://127.0.0.1:${AMAGE + OFFSET}/`).catch((e: Error) => e.name)).resolves.toBe("TypeError");
  });
});
