// Where `pnpm bench` runs its clients and its servers. On Linux with `taskset` and two CPUs or more, the clients (this
// process, its worker threads and the engine's own threads) run on one CPU and every server on another: the
// scheduler then never moves a client next to its server or onto the CPU the server is busy on, which, left to it,
// moved the figures of two back-to-back turns of the same client by a tenth or more. Elsewhere (macOS, Windows, one
// CPU), nothing is pinned and the table says so.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** The CPUs this process may run on, as `taskset -pc` lists them ("0-3,6"), or undefined without taskset. */
function allowedCpus() {
  if (process.platform !== "linux") return undefined;
  try {
    const list = execFileSync("taskset", ["-pc", String(process.pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split(":").at(-1).trim();
    return list.split(",").flatMap((part) => {
      const [from, to = from] = part.split("-").map(Number);
      return Number.isInteger(from) && Number.isInteger(to) ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
    });
  } catch {
    return undefined;
  }
}

/** Pins every thread of `pid` to `cpu`: false where taskset refuses (a container without the right to). */
function pinTo(pid, cpu) {
  try {
    execFileSync("taskset", ["-apc", String(cpu), String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const UNPINNED = "clients and servers where the scheduler put them";

/**
 * Pins this process to its first allowed CPU and answers `{ server(pid), note }`: `server` pins a server's process to
 * the second one (a no-op when nothing is pinned); `note` says where things ran, for the table's footer.
 */
export function placeClients() {
  const cpus = allowedCpus();
  if (!cpus || cpus.length < 2) return { server: () => {}, note: `${UNPINNED}: no taskset, or one CPU` };
  const [clients, servers] = cpus;
  if (!pinTo(process.pid, clients)) return { server: () => {}, note: `${UNPINNED}: taskset refused to pin` };
  let refused = false;
  return {
    server: (pid) => {
      refused ||= !pinTo(pid, servers);
    },
    get note() {
      // A server is started by this (pinned) process: one taskset did not move stays on the clients' CPU.
      return refused ? `clients on CPU ${clients}, and servers too where taskset refused to move them to CPU ${servers}` : `clients on CPU ${clients}, servers on CPU ${servers}`;
    },
    cpus: [clients, servers],
  };
}

/**
 * One reading of the time of the given CPUs (all of them when none is given), in clock ticks, and of the part the
 * hypervisor took (steal); Linux only.
 */
function cpuTime(cpus) {
  try {
    const lines = readFileSync("/proc/stat", "utf8").split("\n");
    const wanted = cpus ? lines.filter((line) => cpus.some((cpu) => line.startsWith(`cpu${cpu} `))) : [lines[0]];
    if (!wanted.length) return undefined;
    let total = 0;
    let steal = 0;
    for (const line of wanted) {
      const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
      total += fields.reduce((a, b) => a + b, 0);
      steal += fields[7] ?? 0;
    }
    return { total, steal };
  } catch {
    return undefined;
  }
}

/**
 * Starts counting: the function returned answers the share of the CPUs' time (of `cpus`, the ones the bench runs on,
 * or of all) the hypervisor took since, or undefined.
 */
export function stealMeter(cpus) {
  const start = cpuTime(cpus);
  return () => {
    const now = cpuTime(cpus);
    return start && now && now.total > start.total ? (now.steal - start.steal) / (now.total - start.total) : undefined;
  };
}
