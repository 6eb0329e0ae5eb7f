// A tiny static file server for the built site (`pnpm dev`, the browser test). GET and HEAD only, files
// under `dir` only (no directory listing, nothing outside `dir`, even through a symlink), 404 otherwise.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");

export const CONTENT_TYPES = Object.freeze({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".yml": "application/yaml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
});

function send(res, status, text, headers = {}) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

const inside = (root, file) => file === root || file.startsWith(root + sep);

async function fileFor(root, pathname) {
  // `/jiwa` serves jiwa.html, `/` and `/x/` their index.html.
  const candidates = pathname.endsWith("/") ? [`${pathname}index.html`] : [pathname, `${pathname}.html`, `${pathname}/index.html`];
  for (const candidate of candidates) {
    const file = resolve(root, `.${candidate}`);
    if (!inside(root, file)) return undefined;
    try {
      const real = await realpath(file);
      if (!inside(root, real)) return undefined;
      const info = await stat(real);
      if (info.isFile()) return { file: real, size: info.size };
    } catch {
      // not there: try the next candidate
    }
  }
  return undefined;
}

/**
 * Serves `dir` (default tools/docs/dist) on `host`:`port` (default 127.0.0.1:4000; port 0 picks a free one).
 * Resolves `{ url, port, close() }` once listening.
 */
export async function serveDocs({ dir = DEFAULT_DIR, port = 4000, host = "127.0.0.1" } = {}) {
  const root = await realpath(resolve(dir));
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "Method not allowed\n", { Allow: "GET, HEAD" });
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      } catch {
        return send(res, 400, "Bad request\n");
      }
      if (pathname.includes("\0") || pathname.includes("\\")) return send(res, 400, "Bad request\n");
      const found = await fileFor(root, pathname);
      if (!found) return send(res, 404, `Not found: ${pathname}\n`);
      res.writeHead(200, {
        "Content-Type": CONTENT_TYPES[extname(found.file).toLowerCase()] ?? "application/octet-stream",
        "Content-Length": found.size,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(found.file)
        .on("error", () => res.destroy())
        .pipe(res);
    } catch (err) {
      if (!res.headersSent) send(res, 500, `Internal error: ${err?.message ?? err}\n`);
      else res.destroy();
    }
  });
  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((resolveClose, reject) => {
        server.close((err) => (err ? reject(err) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

