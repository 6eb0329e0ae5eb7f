import { spawn } from "node:child_process";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { specPath } from "./vendors.js";

export { VENDORS, specPath, ROOT } from "./vendors.js";

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
 * Starts Prism for one vendor's spec (`spec`: another copy of it, e.g. a test's). Resolves with
 * `{ vendor, port, url, spec, child, stop() }` once the server answers HTTP; rejects with the reason (port in use,
 * Prism's own error output) if it does not. `onLine(line)` receives Prism's log lines after start-up.
 */
export async function startMock({ vendor, port, spec = specPath(vendor), host = "127.0.0.1", dynamic = false, seed, timeoutMs = 30_000, onLine } = {}) {
  const args = ["mock", "--host", host, "--port", String(port), "--errors"];
  if (dynamic) {
    args.push("--dynamic", "--json-schema-faker-fillProperties=false");
    if (seed !== undefined) args.push("--seed", String(seed));
  }
  return startPrism({ vendor, port, host, timeoutMs, onLine, spec, args: [...args, spec] });
}

/**
 * Starts Prism as a validating proxy of one vendor's spec in front of `upstream`: every request and answer that
 * passes through is checked against the spec, and what does not agree comes back in the `sl-violations` header
 * (the answer itself is passed on as the upstream sent it). Resolves like `startMock`.
 */
export async function startProxy({ vendor, upstream, port, host = "127.0.0.1", timeoutMs = 30_000, onLine } = {}) {
  // Prism follows redirects itself, to any origin, with the request's credentials. So Prism talks to a guard that
  // passes each request on to the upstream and never follows a redirect (see startGuard).
  const guard = await startGuard(upstream);
  const spec = specPath(vendor);
  const args = ["proxy", "--host", host, "--port", String(port ?? (await freePort(host))), spec, guard.url];
  try {
    // Readiness is a TCP connection: an HTTP probe would go through to the vendor's server.
    const prism = await startPrism({ vendor, port: Number(args[4]), host, timeoutMs, onLine, spec, args, ready: listening });
    const stop = prism.stop;
    return Object.assign(prism, { upstream, stop: () => Promise.all([stop(), guard.close()]).then(() => undefined) });
  } catch (err) {
    await guard.close();
    throw err;
  }
}

/** Headers that describe one hop, or a body encoding the guard's fetch has already undone. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host", "upgrade", "proxy-connection", "te", "trailer"]);

/**
 * A local server between Prism and the upstream: passes every request on (to the upstream's address plus the path)
 * and the answer back, with `x-b2bkit-upstream: <status>` added, so what Prism produced itself can be told from what
 * the upstream answered. A redirect is never followed: its `Location` is moved to `x-b2bkit-redirect`, so neither
 * Prism nor the client follows it and credentials never leave the upstream. A failed upstream connection ends the
 * connection to Prism (which reports it as a FetchError).
 */
async function startGuard(upstream) {
  const root = upstream.replace(/\/+$/, "");
  const sockets = new Set();
  const server = createHttpServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    let answer;
    try {
      answer = await fetch(root + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, redirect: "manual" });
    } catch {
      res.socket?.destroy();
      return;
    }
    const out = {};
    answer.headers.forEach((value, name) => {
      if (!HOP.has(name) && name !== "set-cookie") out[name] = value;
    });
    const cookies = answer.headers.getSetCookie?.() ?? [];
    if (cookies.length) out["set-cookie"] = cookies;
    if (out.location !== undefined) {
      out["x-b2bkit-redirect"] = out.location;
      delete out.location;
    }
    out["x-b2bkit-upstream"] = String(answer.status);
    res.writeHead(answer.status, out);
    try {
      if (answer.body) for await (const chunk of answer.body) if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
      res.end();
    } catch {
      res.socket?.destroy();
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
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

async function startPrism({ vendor, port, host, timeoutMs, onLine, spec, args, ready: isReady = answers }) {
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
  return { vendor, port, url, spec, child, stop };
}
