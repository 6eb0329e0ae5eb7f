#!/usr/bin/env node
// The spec half of `pnpm lint`: Redocly's recommended-strict over every vendor's spec, with Redocly's own output,
// less its Node 20 end-of-life box (about Redocly's future releases, not about our specs). Exits as Redocly does.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT, vendorIds } from "../src/index.js";

const specs = vendorIds().map((id) => `specs/${id}/openapi.yaml`);
const child = spawn(join(ROOT, "node_modules", ".bin", "redocly"), ["lint", ...specs, ...process.argv.slice(2)], { cwd: ROOT, stdio: ["ignore", "inherit", "pipe"] });
let pending = "";
let box = [];
child.stderr.on("data", (chunk) => {
  const lines = (pending + chunk).split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) {
    if (box.length || /^\s*╔/.test(line)) {
      box.push(line);
      if (/^\s*╚/.test(line)) {
        if (!box.some((l) => /Node\.js 20 support is ending/.test(l))) process.stderr.write(`${box.join("\n")}\n`);
        box = [];
      }
    } else process.stderr.write(`${line}\n`);
  }
});
child.on("close", (code) => {
  if (box.length) process.stderr.write(`${box.join("\n")}\n`);
  if (pending) process.stderr.write(pending);
  process.exit(code ?? 1);
});
