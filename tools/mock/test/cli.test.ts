import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freePortOffset } from "@b2bkit/vendors/cli";
import { VENDORS } from "../src/index.js";
import { alive } from "../src/test-server.js";

const BIN = fileURLToPath(new URL("../bin/b2bkit-mock.js", import.meta.url));
const CHILD_SCRIPT = fileURLToPath(new URL("./fixtures/start-and-hang.js", import.meta.url));
const AMAGE = VENDORS.find((v) => v.id === "amage")!.port;
/** AMAGE's mock shifted to a port free right now, apart from a `pnpm mock` the developer keeps running and other tests. */
async function freeAmage() {
  const offset = await freePortOffset([AMAGE]);
  return { offset, port: AMAGE + offset };
}

interface Run {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function run(args: string[], script = BIN): Run {
  const child = spawn(process.execPath, [script, ...args], { stdio: "pipe" });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (err += c));
  const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function until(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe("pnpm mock", () => {
  it("refuses an unknown vendor and lists the known ones", async () => {
    const r = run(["amazon"]);
    expect(await r.exit).toBe(2);
    expect(r.err()).toContain('unknown vendor "amazon"');
    expect(r.err()).toContain("amplifier, jiwa, portos, tlsecure, amage");
  });

  it("starts a vendor on its port, prints the table once it answers, and stops on Ctrl-C", async () => {
    const { offset, port } = await freeAmage();
    const r = run(["amage", "--quiet", `--port-offset=${offset}`]);
    cleanup.push(() => r.child.kill("SIGKILL"));
    await until(() => r.out().includes("Press Ctrl-C to stop."));
    expect(r.out()).toMatch(/vendor\s+URL\s+spec/);
    expect(r.out()).toMatch(new RegExp(`amage\\s+http://localhost:${port}\\s+specs/amage/openapi\\.yaml`));
    const res = await fetch(`http://127.0.0.1:${port}/rest/amage/v1/deliveries/count`, {
      headers: { "amage-device-uuid": "d", "amage-api-key": "k", "amage-api-sign": "s" },
    });
    expect(await res.json()).toBe(1); // the count example: as many as the list example holds
    r.child.kill("SIGINT");
    expect(await r.exit).toBe(0);
    expect(r.out()).toContain("Stopped 1 mock.");
    await expect(fetch(`http://127.0.0.1:${port}/`).catch((e: Error) => e.name)).resolves.toBe("TypeError");
  });

  it("echoes Prism's request log, without a failure line for its own readiness check", async () => {
    const { offset, port } = await freeAmage();
    const r = run(["amage", `--port-offset=${offset}`]);
    cleanup.push(() => r.child.kill("SIGKILL"));
    await until(() => r.out().includes("Press Ctrl-C to stop."));
    await fetch(`http://127.0.0.1:${port}/rest/amage/v1/deliveries/count`, {
      headers: { "amage-device-uuid": "d", "amage-api-key": "k", "amage-api-sign": "s" },
    });
    await until(() => r.out().includes("Responding with"));
    r.child.kill("SIGINT");
    expect(await r.exit).toBe(0);
    expect(r.out()).toContain("[amage]");
    expect(r.out()).toContain("get /rest/amage/v1/deliveries/count");
    expect(r.out()).not.toMatch(/error|NO_PATH_MATCHED/);
  });

  it("reports a port already in use with the vendor and port, not a stack trace", async () => {
    const { offset, port } = await freeAmage();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", r));
    cleanup.push(() => new Promise((r) => blocker.close(r)));
    const r = run(["amage", `--port-offset=${offset}`]);
    expect(await r.exit).toBe(1);
    expect(r.err()).toContain(`amage: port ${port} is already in use`);
    expect(r.err()).not.toMatch(/\n\s+at /);
  });

  it("leaves no Prism behind when the process that started it is killed", async () => {
    const r = run([], CHILD_SCRIPT);
    await until(() => /prism pid (\d+)/.test(r.out()));
    const pid = Number(/prism pid (\d+)/.exec(r.out())![1]);
    expect(alive(pid)).toBe(true);
    r.child.kill("SIGKILL");
    await r.exit;
    await until(() => !alive(pid), 10_000);
    expect(alive(pid)).toBe(false);
  });
});
