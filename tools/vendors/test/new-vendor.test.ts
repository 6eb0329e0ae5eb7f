// `pnpm new-vendor` as a contributor runs it, in a copy of this checkout: the new vendor, with no other edit, passes
// lint, build, its tests (against its own Prism mock, and in a real browser), the docs build, the bundle check and the
// package checks; `pnpm mock` serves it; and git sees only new files, the README's table and the lockfile.
import { execFile, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePortOffset } from "../src/cli.js";
import { ROOT } from "../src/index.js";

const run = promisify(execFile);
let copy: string;

/** A command in the copy: its exit code and output (never throws). */
async function sh(cmd: string, args: string[], timeout = 600_000): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd: copy, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: "true", TURBO_TELEMETRY_DISABLED: "1", NO_COLOR: "1", FORCE_COLOR: "0" } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === "number" ? e.code : 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}${e.message}` };
  }
}

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), "b2bkit-new-vendor-"));
  // The checkout as it stands (tracked files and new ones not ignored), and the turbo cache, so unchanged packages
  // are cache hits; then a repository of its own, so `git status` shows what the scaffolder changed.
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(ROOT, file), join(copy, file));
  }
  if (existsSync(join(ROOT, ".turbo/cache"))) cpSync(join(ROOT, ".turbo/cache"), join(copy, ".turbo/cache"), { recursive: true });
  for (const args of [["init", "-q"], ["add", "-A"], ["-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", "before"]]) execFileSync("git", args, { cwd: copy });
  const install = await sh("pnpm", ["install", "--prefer-offline", "--frozen-lockfile"]);
  expect(install.code, install.out).toBe(0);
}, 300_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe("pnpm new-vendor", () => {
  it("refuses a bad id, a taken id and a taken port, saying why", async () => {
    const bad = await sh("node", ["tools/vendors/bin/new-vendor.js", "Acme-Corp"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('"Acme-Corp" is not a vendor id: 2–30 lowercase letters and digits, starting with a letter');
    for (const [args, why] of [
      [["dev"], '"dev" is a name the monorepo uses for itself'],
      [["acme", "--name", "Acme: */ Trade"], "a display name starts with a letter or digit"],
      [["acme", "--auth", "oauth"], "--auth oauth: one of none, api-key, login"],
    ] as const) {
      const refused = await sh("node", ["tools/vendors/bin/new-vendor.js", ...args]);
      expect([refused.code, refused.out], args.join(" ")).toEqual([2, expect.stringContaining(why)]);
    }
    const taken = await sh("node", ["tools/vendors/bin/new-vendor.js", "jiwa"]);
    expect(taken.code).toBe(2);
    expect(taken.out).toContain('vendor "jiwa" is taken');
    const jiwaPort = /mockPort: (\d+)/.exec(readFileSync(join(copy, "specs/jiwa/openapi.yaml"), "utf8"))![1];
    const port = await sh("node", ["tools/vendors/bin/new-vendor.js", "acme", "--port", jiwaPort!]);
    expect(port.code).toBe(2);
    expect(port.out).toContain(`--port ${jiwaPort} is taken by jiwa's mock`);
    expect(existsSync(join(copy, "specs/acme"))).toBe(false);
  });

  it("scaffolds a vendor that passes the whole pipeline with no other edit", async () => {
    // One vendor per auth mode.
    for (const [id, ...rest] of [["acme", "--name", "Acme Trade", "--auth", "login"], ["beta", "--auth", "none"], ["gamma", "--auth", "api-key"]] as const) {
      const made = await sh("node", ["tools/vendors/bin/new-vendor.js", id, ...rest]);
      expect(made.code, made.out).toBe(0);
    }
    // As a contributor would (CI=true would otherwise freeze the lockfile): the new packages get linked.
    const install = await sh("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"]);
    expect(install.code, install.out).toBe(0);

    // Only new files, the README's generated table and the lockfile changed.
    const status = (await sh("git", ["status", "--porcelain"])).out.split("\n").filter(Boolean).sort();
    const added = ["acme", "beta", "gamma"].flatMap((id) => [`?? .changeset/${id}-new-vendor.md`, `?? packages/${id}-auth/`, `?? packages/${id}-client/`, `?? specs/${id}/`]);
    expect(status).toEqual([" M README.md", " M pnpm-lock.yaml", ...added].sort());
    expect(readFileSync(join(copy, "README.md"), "utf8")).toContain("| Acme Trade | items (a skeleton: describe what the client covers) | `@b2bkit/acme-client`, `@b2bkit/acme-auth` |");

    const lint = await sh("pnpm", ["lint"]);
    expect(lint.code, lint.out.slice(-3000)).toBe(0);
    for (const id of ["acme", "beta", "gamma"]) expect(lint.out).toContain(`specs/${id}/openapi.yaml: validated`);

    const build = await sh("pnpm", ["build"]);
    expect(build.code, build.out.slice(-3000)).toBe(0);

    // Its own tests against its mock; then the checks that read the vendor list (its build hashes its own spec only),
    // and the browser check.
    const own = await sh("npx", ["vitest", "run", ...["acme", "beta", "gamma"].flatMap((id) => ["--project", id, "--project", `${id}-auth`])]);
    expect(own.code, own.out.slice(-3000)).toBe(0);
    expect(own.out).toMatch(/Tests\s+11 passed \(11\)/);
    const shared = await sh("npx", ["vitest", "run", "tools/vendors/test/vendors.test.ts", "tools/vendors/test/turbo.test.ts", "tools/release/test/browser.test.ts", "tools/release/test/size.test.ts", "tools/docs/test/build.test.ts"]);
    expect(shared.code, shared.out.slice(-3000)).toBe(0);
    // Three browser checks per vendor, the new one included.
    const vendors = readdirSync(join(copy, "specs")).filter((id) => existsSync(join(copy, "specs", id, "openapi.yaml")));
    expect(vendors).toContain("acme");
    expect(shared.out).toMatch(new RegExp(`browser\\.test\\.ts \\(${vendors.length * 3} tests\\)`));

    const docs = await sh("node", ["tools/docs/build.js"]);
    expect(docs.code, docs.out).toBe(0);
    expect(readFileSync(join(copy, "tools/docs/dist/index.html"), "utf8")).toContain("Acme Trade");

    const size = await sh("node", ["tools/release/size.js"]);
    expect(size.code, size.out).toBe(0);
    expect(size.out).toMatch(/^acme\s+\d+\s+\d+\s.*\s16384\s+ok/m);

    for (const pkg of ["acme-client", "acme-auth", "beta-client", "beta-auth", "gamma-client", "gamma-auth"]) {
      const publint = await run(join(copy, "node_modules/.bin/publint"), ["--strict"], { cwd: join(copy, "packages", pkg) }).then(() => 0, () => 1);
      const attw = await run(join(copy, "node_modules/.bin/attw"), ["--pack", ".", "--format", "table-flipped"], { cwd: join(copy, "packages", pkg) }).then(() => 0, () => 1);
      expect([pkg, publint, attw]).toEqual([pkg, 0, 0]);
    }
  }, 900_000);

  it("`pnpm mock acme` serves the new vendor on its port", async () => {
    const acme = Number(/mockPort: (\d+)/.exec(readFileSync(join(copy, "specs/acme/openapi.yaml"), "utf8"))![1]);
    // Shifted to a port free right now, apart from a `pnpm mock` the developer keeps running.
    const offset = await freePortOffset([acme]);
    const child = spawn("node", ["tools/mock/bin/b2bkit-mock.js", "acme", `--port-offset=${offset}`], { cwd: copy, stdio: "pipe" });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    try {
      const end = Date.now() + 60_000;
      while (!out.includes("Press Ctrl-C")) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`pnpm mock acme did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const port = Number(/acme\s+http:\/\/localhost:(\d+)/.exec(out)![1]);
      expect(port).toBe(acme + offset);
      const answer = await fetch(`http://127.0.0.1:${port}/items`, { headers: { authorization: "Bearer x" } });
      expect(await answer.json()).toEqual([{ id: "1001", name: "First item" }, { id: "1002", name: "Second item" }]);
    } finally {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
    }
  }, 90_000);
});
