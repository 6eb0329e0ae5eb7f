// What `pnpm build` and `pnpm lint` hash, read from turbo's own plan (`--dry=json` resolves every turbo.json as a run
// does): a changed spec rebuilds its own client and nothing else, and a second run of a fresh clone is all cache hits.
import { execFileSync } from "node:child_process";
import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, VENDORS } from "../src/index.js";

interface Task {
  taskId: string;
  package: string;
  task: string;
  directory: string;
  command: string;
  inputs: Record<string, string>;
  dependencies: string[];
  resolvedTaskDefinition: { outputs: string[] };
}

const plan: { tasks: Task[] } = JSON.parse(
  execFileSync("pnpm", ["exec", "turbo", "run", "build", "typecheck", "--dry=json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } }),
);
const tasks = new Map(plan.tasks.map((t) => [t.taskId, t]));
const task = (id: string) => tasks.get(id) ?? expect.unreachable(`turbo plans no ${id}`);
/** A task's input files, relative to the repository root. */
const inputs = (t: Task) => Object.keys(t.inputs).map((f) => posix.join(t.directory, f));
const SPEC = /^specs\/[^/]+\/openapi\.yaml$/;

/** Every spec whose change changes this task's hash: its own inputs and those of every task it depends on. */
function specsReached(t: Task, seen = new Set<string>()): Set<string> {
  const specs = new Set(inputs(t).filter((f) => SPEC.test(f)));
  for (const dep of t.dependencies) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    for (const s of specsReached(task(dep), seen)) specs.add(s);
  }
  return specs;
}

describe("turbo: a spec is hashed by its own client only", () => {
  it.each(VENDORS.map((v) => [v.id, v]))("%s: generate hashes its spec and the codegen, no other vendor's spec", (id, v) => {
    const files = inputs(task(`${v.client}#generate`));
    expect(files.filter((f) => f.startsWith("specs/"))).toEqual([`specs/${id}/openapi.yaml`]);
    expect(files).toEqual(expect.arrayContaining(["tools/codegen/generate.js", "tools/codegen/package.json"]));
  });

  it("no spec reaches core or an auth package, and a client's tasks reach its own spec only", () => {
    const published = plan.tasks.filter((t) => t.package === "@b2bkit/core" || VENDORS.some((v) => t.package === v.client || t.package === v.auth));
    expect(published.length).toBeGreaterThan(0);
    for (const t of published) {
      const own = VENDORS.find((v) => v.client === t.package);
      expect([...specsReached(t)].sort(), t.taskId).toEqual(own ? [`specs/${own.id}/openapi.yaml`] : []);
    }
  });
});

describe("turbo: the second build of a fresh clone hits the cache", () => {
  it("a client's build and typecheck follow its generate, whose hash stands for the generated files they leave out", () => {
    for (const v of VENDORS) {
      for (const name of ["build", "typecheck"]) expect(task(`${v.client}#${name}`).dependencies, `${v.client}#${name}`).toContain(`${v.client}#generate`);
      expect(task(`${v.client}#generate`).resolvedTaskDefinition.outputs).toEqual(expect.arrayContaining(["src/generated/**", "openapi.json"]));
    }
  });

  it("no task hashes a file a task of the run writes (turbo hashes before the run writes them)", () => {
    // Run after a build (as `pnpm test` does), so the written files are there to be picked up by a wrong input glob.
    const written = plan.tasks.flatMap((t) => t.resolvedTaskDefinition.outputs.filter((o) => !o.startsWith("!")).map((o) => posix.join(t.directory, o.replace(/\/\*\*$/, ""))));
    for (const t of plan.tasks) {
      const hashed = inputs(t).filter((f) => written.some((w) => f === w || f.startsWith(`${w}/`)));
      expect(hashed, t.taskId).toEqual([]);
    }
  });

  it("typecheck hashes every source file of its package that tsc reads", () => {
    const checked = plan.tasks.filter((t) => t.task === "typecheck" && t.command !== "<NONEXISTENT>");
    expect(checked.length).toBeGreaterThan(0);
    for (const t of checked) {
      const tracked = execFileSync("git", ["ls-files", "--", t.directory], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");
      const config = new RegExp(`^${t.directory}/(package|tsconfig[^/]*)\\.json$`);
      const sources = tracked.filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) || config.test(f));
      expect(sources.filter((f) => !inputs(t).includes(f)), t.taskId).toEqual([]);
    }
  });
});
