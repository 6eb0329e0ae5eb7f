// What every long-running tool (pnpm mock, pnpm dev, the docs build) does the same way: read `--port-offset`, and
// stop everything it started on one Ctrl-C.

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
  if (!Number.isInteger(offset) || offset > 60000) throw new UsageError(`--port-offset takes a whole number from 0 to 60000, got "${raw}"`);
  return { offset, rest };
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
