// pnpm examples itself, on examples made for the purpose (test/fixtures/amage): one Prism mock of one vendor per run.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { alive } from "@b2bkit/mock/test-server";
import { VENDORS } from "@b2bkit/vendors";
import { findExamples, select, thrownError } from "../src/index.js";
import { mockEnv, variablesOf } from "../src/env.js";

const BIN = fileURLToPath(new URL("../bin/examples.js", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures", import.meta.url));

interface Run {
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const child = spawn(process.execPath, [BIN, "--dir", FIXTURES, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  let out = "";
  let err = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (err += c));
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  cleanup.push(() => child.kill("SIGKILL"));
  return { out: () => out, err: () => err, exit, kill: (s) => child.kill(s) };
}

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function until(check: () => boolean, ms = 90_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The port of the mock a run announced ("amage: starting on http://127.0.0.1:PORT …"). */
function mockPort(out: string): number {
  const port = /amage: starting on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
  if (!port) throw new Error(`no mock announced in:\n${out}`);
  return Number(port);
}

/** Whether anything accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Live processes whose command line names a Prism child on this port (Linux: /proc; elsewhere none are seen). */
function prismOn(port: number): number[] {
  if (!existsSync("/proc")) return [];
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return cmd.some((a) => a.endsWith("prism-child.js")) && cmd.includes(String(port));
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("pnpm examples", () => {
  it("refuses an unknown vendor, naming the valid ones, and starts no mock", async () => {
    const r = run(["amage", "amazon"]);
    expect(await r.exit).toBe(2);
    expect(r.err()).toContain('unknown vendor "amazon"');
    expect(r.err()).toContain(`Known vendors: ${VENDORS.map((v) => v.id).join(", ")}.`);
    expect(r.out()).not.toContain("Starting");
  });

  it("refuses an unknown example of a known vendor, naming the vendor's examples", async () => {
    const r = run(["amage/nope"]);
    expect(await r.exit).toBe(2);
    expect(r.err()).toContain('no example "amage/nope". amage\'s examples: amage/answers, amage/hangs, amage/throws.');
  });

  it("exits 1 when an example fails, names it with its error, and leaves no mock behind", async () => {
    const r = run(["amage/answers", "amage/throws"]);
    expect(await r.exit).toBe(1);
    const out = r.out();
    expect(out).toMatch(/amage: ready in \d+\.\d s/);
    expect(out).toMatch(/^amage\s+answers\s+ok\s+\d+\.\d s$/m);
    expect(out).toMatch(/^amage\s+throws\s+FAILED\s+\d+\.\d s$/m);
    expect(out).toContain("amage/throws (tools/examples/test/fixtures/amage/throws.ts) FAILED: exit code 1: Error: this example fails on purpose");
    expect(out).toMatch(/\n2 examples: 1 ok, 1 FAILED \(amage\/throws\) in \d+\.\d s\n/);
    expect(out).toContain("Stopped 1 mock.");
    const port = mockPort(out);
    expect(await listening(port)).toBe(false);
    expect(prismOn(port)).toEqual([]);
  });

  it("stops the running example and every mock on Ctrl-C", async () => {
    const dir = mkdtempSync(join(tmpdir(), "b2bkit-examples-test-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const pidFile = join(dir, "pid");
    const r = run(["amage/hangs"], { ...process.env, HANGS_PID_FILE: pidFile });
    await until(() => existsSync(pidFile) && readFileSync(pidFile, "utf8") !== "");
    const example = Number(readFileSync(pidFile, "utf8"));
    const port = mockPort(r.out());
    expect(prismOn(port).length).toBeLessThanOrEqual(1);
    r.kill("SIGINT");
    expect(await r.exit).toBe(130);
    expect(r.out()).toContain("Interrupted (SIGINT).");
    expect(r.out()).toContain("Stopped 1 mock.");
    expect(alive(example)).toBe(false);
    expect(await listening(port)).toBe(false);
    expect(prismOn(port)).toEqual([]);
  });

  it("with --no-mock, names the variables an example needs and starts no mock", async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("B2BKIT_")));
    const r = run(["amage/answers", "--no-mock"], env);
    expect(await r.exit).toBe(1);
    expect(r.out()).not.toContain("Starting");
    expect(r.out()).toContain("amage/answers (tools/examples/test/fixtures/amage/answers.ts) FAILED: set B2BKIT_AMAGE_URL, B2BKIT_AMAGE_DEVICE_UUID");
  });
});

describe("the runner's parts", () => {
  it("finds examples per vendor, in the vendor list's order", () => {
    expect(findExamples(FIXTURES).map((e) => `${e.vendor}/${e.name}`)).toEqual(["amage/answers", "amage/hangs", "amage/throws"]);
  });

  it("selects a vendor's examples or one of them", () => {
    const all = findExamples(FIXTURES);
    expect(select(all, ["amage/throws"]).map((e) => e.name)).toEqual(["throws"]);
    expect(select(all, ["amage"])).toHaveLength(3);
    expect(() => select(all, ["jiwa"])).toThrow("jiwa has no example yet");
  });

  it("gives the mock a stand-in for each variable an example reads, and refuses one it has none for", () => {
    const vars = variablesOf('process.env.B2BKIT_AMPLIFIER_URL!; process.env.B2BKIT_AMPLIFIER_AUTH_URL!; "B2BKIT_AMPLIFIER_URL"');
    expect(vars).toEqual(["B2BKIT_AMPLIFIER_URL", "B2BKIT_AMPLIFIER_AUTH_URL"]);
    expect(mockEnv("amplifier", "http://127.0.0.1:1234", vars)).toEqual({
      B2BKIT_AMPLIFIER_URL: "http://127.0.0.1:1234",
      B2BKIT_AMPLIFIER_AUTH_URL: "http://127.0.0.1:1234/auth/",
    });
    expect(() => mockEnv("amage", "http://x", ["B2BKIT_AMAGE_REGION"])).toThrow("reads B2BKIT_AMAGE_REGION, which has no stand-in");
  });

  it("reads the error an example died of from what node printed", () => {
    expect(thrownError("file.ts:3\n  throw x\n  ^\n\nAuthError: portosAuth: refused\n    at login")).toBe("AuthError: portosAuth: refused");
    expect(thrownError("all went well")).toBeUndefined();
  });
});
