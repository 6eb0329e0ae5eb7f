// The server side of the import benchmark, in its own process: an Amplifier import endpoint that reads the whole
// batch, parses it as a real server would, then takes `delayMs` per batch (B2BKIT_BENCH_DELAY_MS) before answering 201.
import { createServer } from "node:http";

const delayMs = Number(process.env.B2BKIT_BENCH_DELAY_MS ?? 0);
let records = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const batch = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    records += batch.length;
    const answer = () => {
      res.writeHead(201, { "content-type": "application/json", "content-length": 2 });
      res.end("[]");
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", (message) => {
  if (message === "count") process.send({ records });
});
process.on("disconnect", () => process.exit(0));
