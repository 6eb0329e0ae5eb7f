// pnpm bench is not run in CI for its figures (timings there are noise), but the tool itself must keep working: one
// quick run for one vendor, every section of its table present with numbers, and wrong options refused.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const RUN = fileURLToPath(new URL("../run.js", import.meta.url));
const bench = (args, env = process.env) =>
  new Promise((resolve) => {
    execFile(process.execPath, [RUN, ...args], { timeout: 110_000, maxBuffer: 1 << 24, env }, (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });

describe("pnpm bench", () => {
  it("measures one vendor quickly and prints one table: four clients, 64 in flight, the import and the paging walk", async () => {
    const { code, stdout, stderr } = await bench(["--quick", "--vendors=portos", "--requests=100"]);
    expect(stderr).not.toMatch(/Error|Warning/);
    expect(code).toBe(0);
    expect(stdout).toContain("| measure | vendor | raw fetch | openapi-fetch | openapi-fetch + ky | b2bkit | b2bkit ratio | budget | within |");
    const row = (start) => stdout.split("\n").find((line) => line.startsWith(start));
    // Four medians, each a number of microseconds, and the ratio to the bare client.
    expect(row("| sequential GET: median µs per request | portos |")).toMatch(/^\| sequential GET: median µs per request \| portos \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d,]+ \| \d\.\d{3} × openapi-fetch \| ≤ 1\.05 \| (yes|\*\*no\*\*) \|$/);
    expect(row("| 64 in flight: requests/s | portos |")).toMatch(/\| \d\.\d{3} × openapi-fetch \| ≥ 0\.95 \|/);
    // Each client warmed up before it is measured, and what the warm-up cost shown.
    expect(row("| warm-up from a fresh client: 2,000 requests, 64 in flight: ms | portos |")).toMatch(/^\| warm-up [^|]+\| portos \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d,]+ \| \d\.\d{3} × openapi-fetch \|  \|  \|$/);
    expect(row("| warm-up, its first 100 one at a time after the burst: median µs per request | portos |")).toMatch(/^\| warm-up, [^|]+\| portos \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d,]+ \| \d\.\d{3} × openapi-fetch \|  \|  \|$/);
    expect(row("| importInBatches, 100,000 records, 2 in flight | amplifier |")).toMatch(/rec\/s, \d+ MB \| \d\.\d{3} × raw fetch \|/);
    expect(row("| listAll, 20 pages of 50")).toMatch(/\(a page read ahead\); [\d.]+ with readAhead: false \| \d\.\d{3} × max\(fetching [\d.]+, consumer [\d.]+\)/);
    // Where the clients and servers ran (each on a CPU of its own where taskset allows), so a reader can weigh the figures.
    expect(row("node ")).toMatch(/^node v\d+\.\d+\.\d+, \d+ CPUs \(clients (on CPU \d+, servers|and servers where the scheduler put them)/);
  });

  it("runs where taskset is not at hand, leaving clients and servers to the scheduler, and says so; shares the rounds among generations of clients", async () => {
    // Only node on the PATH: no taskset (as on macOS or a slim container).
    const bin = mkdtempSync(join(tmpdir(), "b2bkit-bench-path-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const { code, stdout, stderr } = await bench(["--quick", "--vendors=portos", "--requests=100", "--generations=2", "--no-import", "--no-paging"], { ...process.env, PATH: bin });
    rmSync(bin, { recursive: true, force: true });
    expect(stderr).not.toMatch(/Error|Warning/);
    expect(code).toBe(0);
    // Two fresh sets of clients, each warmed up and given its share of the rounds (2 one at a time, 3 with 64 in flight),
    // each with its own ratios, then the ratios of all the rounds together.
    expect(stdout).toMatch(/^ {2}generation 1 of 2: warming up … 50 sequential requests … 2 rounds of 256 with 64 in flight … sequential \d\.\d{3} × openapi-fetch; 64 in flight \d\.\d{3} × openapi-fetch$/m);
    expect(stdout).toMatch(/^ {2}generation 2 of 2: warming up … 50 sequential requests … 1 round of 256 with 64 in flight … sequential \d\.\d{3} × openapi-fetch; 64 in flight \d\.\d{3} × openapi-fetch$/m);
    expect(stdout).toMatch(/^ {2}portos, all 2 generations: sequential \d\.\d{3} × openapi-fetch, \d\.\d{3} × ky; 64 in flight \d\.\d{3} × openapi-fetch$/m);
    expect(stdout).toMatch(/\| 64 in flight: requests\/s \| portos \|/);
    expect(stdout).toMatch(/^node v[\d.]+, \d+ CPUs \(clients and servers where the scheduler put them: no taskset, or one CPU[;)]/m);
  });

  it("--calibrate puts a second bare client in b2bkit's place and says its ratios are the bench's own noise", async () => {
    const { code, stdout, stderr } = await bench(["--quick", "--vendors=portos", "--requests=100", "--calibrate"]);
    expect(stderr).not.toMatch(/Error|Warning/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^b2bkit bench --calibrate: a second bare openapi-fetch client takes b2bkit's place/m);
    expect(stdout).toContain("| measure | vendor | raw fetch | openapi-fetch | openapi-fetch + ky | openapi-fetch again (--calibrate) | its ratio | budget | within |");
    expect(stdout).toMatch(/\| 64 in flight: requests\/s \| portos \| [\d,]+ \| [\d,]+ \| [\d,]+ \| [\d,]+ \| \d\.\d{3} × openapi-fetch \| ≥ 0\.95 \|  \|$/m);
    // Neither the import nor the walk has a bare client to compare: not run.
    expect(stdout).not.toMatch(/importInBatches|listAll/);
    expect(stdout).toMatch(/; --calibrate: two identical bare clients, so every ratio is the bench's own noise, shown beside the budgets b2bkit's figures are held to$/m);
    // Nothing judged: the within column is empty on every row.
    expect(stdout).not.toMatch(/\| (yes|\*\*no\*\*) \|$/m);
  });

  it("bench:import refuses a mistyped option instead of running the default imports", async () => {
    for (const args of [["--record=5"], ["--sweep=1"], ["--records"], ["--delay-ms=soon"]]) {
      const { code, stdout, stderr } = await new Promise((resolve) => {
        execFile(process.execPath, [fileURLToPath(new URL("../import.js", import.meta.url)), ...args], { timeout: 30_000 }, (error, out, err) => resolve({ code: error ? (error.code ?? 1) : 0, stdout: out, stderr: err }));
      });
      expect(code).toBe(2);
      expect(stderr).toMatch(/^bench:import: /);
      expect(stdout).toBe("");
    }
  });

  it("prints its usage on --help and exits 0", async () => {
    const { code, stdout } = await bench(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: pnpm bench \[--vendors=amage,jiwa\] \[--requests=12000\] \[--generations=8\]/);
  });

  it("refuses a wrong option with the usage line, before measuring anything", async () => {
    for (const args of [["--requests=abc"], ["--vendors=nope"], ["--nopaging"], ["--quick=yes"], ["--requests"], ["extra"], ["--generations=0"], ["--generations=1.5"], ["--generations"], ["--generations=1e1"], ["--quick", "--requests=100", "--generations=3"], ["--quick", "--quick"], ["--calibrate", "--check"], ["--calibrate=1"]]) {
      const { code, stdout, stderr } = await bench(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^bench: .+\nusage: pnpm bench \[--vendors=amage,jiwa\]/);
      expect(stdout).toBe("");
    }
  });
});
