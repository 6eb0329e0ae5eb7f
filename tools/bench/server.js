// The server side of the benchmark, in its own process so it does not share the client's event loop.
// Answers every request with one page of two AMAGE deliveries (about 2.5 KB of JSON), keep-alive.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const spec = JSON.parse(readFileSync(new URL("../../packages/amage-client/openapi.json", import.meta.url), "utf8"));
const delivery = spec.components.examples.DeliveryDto.value;
const body = JSON.stringify([delivery, { ...delivery, id: delivery.id + 1 }]);

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
