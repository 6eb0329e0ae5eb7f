// What every long-running tool (pnpm mock, pnpm dev, the docs build) does the same way: read `--port-offset`, and
// stop everything it started on one Ctrl-C.
import { createServer } from "node:net";

const MAX_OFFSET = 60000;

export class UsageError extends Error {
  name = "UsageError";
}

/**
 * The `--port-offset=N` (or `--port-offset N`) of `args`, 0 when absent, and the arguments without it. A value that is
 * not a whole number from 0 to 60000 is a UsageError that names it.
 */
export function portOffset(args) {
  const rest = [];
  let raw;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--port-offset") raw = args[++i] ?? "";
    else if (arg.startsWith("--port-offset=")) raw = arg.slice("--port-offset=".length);
    else rest.push(arg);
  }
  if (raw === undefined) return { offset: 0, rest };
  const offset = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(offset) || offset > MAX_OFFSET) throw new UsageError(`--port-offset takes a whole number from 0 to ${MAX_OFFSET}, got "${raw}"`);
  return { offset, rest };
}

/**
 * A `--port-offset` that puts every one of `ports` on a port free right now: for a test that runs `pnpm mock` or
 * `pnpm dev` beside the developer's own, and beside other tests, none of which it may collide with.
 */
export async function freePortOffset(ports, host = "127.0.0.1") {
  const low = Math.min(...ports);
  const high = Math.max(...ports);
  for (let tries = 0; tries < 20; tries++) {
    // A port the OS hands out for the lowest; the others must then be free at the same distance.
    const offset = (await bind(0, host)) - low;
    if (!(offset >= 0 && offset <= MAX_OFFSET && high + offset <= 65535)) continue;
    const bound = await Promise.all(ports.map((port) => bind(port + offset, host)));
    if (bound.every((port) => port !== undefined)) return offset;
  }
  throw new Error(`no port offset frees all of ${ports.join(", ")} on ${host}`);
}

/** Binds `port` (0: any) and lets it go again: the port it bound, or undefined when it is taken. */
function bind(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined));
    server.listen(port, host, () => {
      const bound = server.address().port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * `stopAll(code)`: runs `stop` once (a second Ctrl-C while stopping does nothing), then exits with `code`. Installed
 * for SIGINT and SIGTERM (exit 0). `stopping()` says whether it has begun, so a child's exit during it is expected.
 */
export function stopper(stop) {
  let begun = false;
  const stopAll = async (code) => {
    if (begun) return;
    begun = true;
    try {
      await stop();
    } finally {
      process.exit(code);
    }
  };
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  return { stopAll, stopping: () => begun };
}
