// The server side of `pnpm bench`, in its own process so it does not share the client's event loop: it replays what
// a vendor's static mock answered (recorded by record.js, sent as the first IPC message), by method and path, with a
// Content-Length and keep-alive, and takes no time of its own. B2BKIT_BENCH_DELAY_MS adds a delay to every answer.
import { createServer } from "node:http";

const delayMs = Number(process.env.B2BKIT_BENCH_DELAY_MS ?? 0);

process.once("message", (exchanges) => {
  const answers = new Map(exchanges.map((e) => [`${e.method} ${e.path}`, { ...e, body: Buffer.from(e.body, "utf8") }]));
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = answers.get(`${req.method} ${req.url.split("?")[0]}`);
      const send = () => {
        if (!answer) {
          res.writeHead(404, { "content-type": "text/plain", "content-length": 9 }).end("not found");
          return;
        }
        res.writeHead(answer.status, { ...answer.headers, "content-length": answer.body.length });
        res.end(answer.body);
      };
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
});
process.on("disconnect", () => process.exit(0));
