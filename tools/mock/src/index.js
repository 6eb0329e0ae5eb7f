import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { specPath } from "./vendors.js";

export { VENDORS, availableVendors, specPath, ROOT } from "./vendors.js";

const CHILD = fileURLToPath(new URL("./prism-child.js", import.meta.url));

export class PortInUseError extends Error {
  constructor(vendor, port) {
    super(`${vendor}: port ${port} is already in use (is another \`pnpm mock\` running?). Stop whatever holds it, or run beside it with \`--port-offset=100\`.`);
    this.name = "PortInUseError";
    this.vendor = vendor;
    this.port = port;
  }
}

/** Resolves when `port` on 127.0.0.1 can be bound; rejects with PortInUseError otherwise. */
export function checkPortFree(vendor, port, host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (err) => reject(err.code === "EADDRINUSE" ? new PortInUseError(vendor, port) : err));
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A port the OS says is free right now. */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The readiness probe asks for a path no spec has; Prism's log line about it is not echoed (it reads as a failure).
const PROBE = "/.b2bkit-ready";

async function answers(url) {
  try {
    const res = await fetch(url + PROBE, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts Prism for one vendor's spec. Resolves with `{ vendor, port, url, spec, child, stop() }` once the server
 * answers HTTP; rejects with the reason (port in use, Prism's own error output) if it does not.
 * `onLine(line)` receives Prism's log lines after start-up.
 */
export async function startMock({ vendor, port, host = "127.0.0.1", dynamic = false, seed, timeoutMs = 30_000, onLine } = {}) {
  const args = ["mock", "--host", host, "--port", String(port), "--errors"];
  if (dynamic) {
    args.push("--dynamic", "--json-schema-faker-fillProperties=false");
    if (seed !== undefined) args.push("--seed", String(seed));
  }
  return startPrism({ vendor, port, host, timeoutMs, onLine, args: [...args, specPath(vendor)] });
}

/**
 * Starts Prism as a validating proxy of one vendor's spec in front of `upstream`: every request and answer that
 * passes through is checked against the spec, and what does not agree comes back in the `sl-violations` header
 * (the answer itself is passed on as the upstream sent it). Resolves like `startMock`.
 */
export async function startProxy({ vendor, upstream, port, host = "127.0.0.1", timeoutMs = 30_000, onLine } = {}) {
  const args = ["proxy", "--host", host, "--port", String(port ?? (await freePort(host))), specPath(vendor), upstream];
  // Readiness is a TCP connection: an HTTP probe would go through to the vendor's server.
  return startPrism({ vendor, port: Number(args[4]), host, timeoutMs, onLine, args, ready: listening });
}

/** Whether something accepts TCP connections on the URL's port. */
function listening(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  });
}

async function startPrism({ vendor, port, host, timeoutMs, onLine, args, ready: isReady = answers }) {
  await checkPortFree(vendor, port, host);
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const early = [];
  let ready = false;
  const collect = (chunk) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim() || line.includes(PROBE)) continue;
      if (ready) onLine?.(line);
      else if (early.length < 200) early.push(line);
    }
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + timeoutMs;
  let gone;
  exited.then((r) => (gone = r));
  while (!(await isReady(url))) {
    if (gone) {
      process.removeListener("exit", killOnExit);
      const log = early.slice(-15).join("\n");
      if (/EADDRINUSE/.test(log)) throw new PortInUseError(vendor, port);
      throw new Error(`${vendor}: Prism exited (code ${gone.code}) before it answered on port ${port}:\n${log}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${vendor}: Prism did not answer on ${url} within ${timeoutMs} ms:\n${early.slice(-15).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  ready = true;
  return { vendor, port, url, spec: specPath(vendor), child, stop };
}
