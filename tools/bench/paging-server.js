// The server side of the paging measurement: AMAGE's delivery list, `pages` full pages of the requested size (then
// a short one, which ends a walk), each answer after B2BKIT_BENCH_DELAY_MS, as a server that takes time per page.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const delayMs = Number(process.env.B2BKIT_BENCH_DELAY_MS ?? 0);
const pages = Number(process.env.B2BKIT_BENCH_PAGES ?? 40);
const spec = JSON.parse(readFileSync(new URL("../../packages/amage-client/openapi.json", import.meta.url), "utf8"));
const delivery = spec.components.examples.DeliveryDto.value;

const server = createServer((req, res) => {
  req.resume();
  const query = new URL(req.url, "http://x").searchParams;
  const page = Number(query.get("page") ?? 1);
  const size = Number(query.get("size") ?? 50);
  const rows = page <= pages ? size : 1;
  const body = JSON.stringify(Array.from({ length: rows }, (_, i) => ({ ...delivery, id: (page - 1) * size + i + 1 })));
  setTimeout(() => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  }, delayMs);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
