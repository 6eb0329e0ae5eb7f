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
      return refused ? `clients on CPU ${clients}, servers where the scheduler put them: taskset refused to pin them` : `clients on CPU ${clients}, servers on CPU ${servers}`;
    },
  };
}

/** One reading of the CPUs' time (all CPUs, in clock ticks) and of the part the hypervisor took (steal); Linux only. */
function cpuTime() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}

/** Starts counting: the function returned answers the share of the CPUs' time the hypervisor took since (or undefined). */
export function stealMeter() {
  const start = cpuTime();
  return () => {
    const now = cpuTime();
    return start && now && now.total > start.total ? (now.steal - start.steal) / (now.total - start.total) : undefined;
  };
}
