// The usage code of the READMEs is the examples' code: a block between
//   <!-- example: examples/amage/deliveries.ts -->
//   ```ts
//   …the file, as it is…
//   ```
//   <!-- /example -->
// is generated from that file (`pnpm examples --write-readme`), and a test fails when one differs. A TypeScript block
// that is not an example must say why, on the line before it: <!-- not an example: … -->.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "@b2bkit/vendors";
import { EXAMPLES_DIR, findExamples } from "./index.js";
import { urlVariable, variablesOf } from "./env.js";

const START = /^<!-- example: (\S+) -->$/;
export const END = "<!-- /example -->";
export const NOT_AN_EXAMPLE = /^<!-- not an example: .+ -->$/;

/** The READMEs that may hold example blocks: the root's and every package's. */
export function readmeFiles(root = ROOT) {
  const packages = join(root, "packages");
  const inPackages = existsSync(packages) ? readdirSync(packages).sort().map((p) => join(packages, p, "README.md")) : [];
  return [join(root, "README.md"), ...inPackages].filter((f) => existsSync(f));
}

/** The example block for the file at `path` (relative to the repository) holding `code`. */
export function exampleBlock(path, code) {
  return `<!-- example: ${path} -->\n\`\`\`ts\n${code.trimEnd()}\n\`\`\`\n${END}`;
}

/**
 * Every example block of a README: `{ path, line, text }` (`line` counted from 1, `text` the block as it stands,
 * markers included). Throws on a start marker without its end.
 */
export function exampleBlocks(readme, name = "README") {
  const lines = readme.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const start = START.exec(lines[i]);
    if (!start) continue;
    const end = lines.indexOf(END, i + 1);
    const next = lines.findIndex((l, j) => j > i && START.test(l));
    if (end < 0 || (next >= 0 && next < end)) throw new Error(`${name}:${i + 1}: <!-- example: ${start[1]} --> has no ${END} after it`);
    blocks.push({ path: start[1], line: i + 1, text: lines.slice(i, end + 1).join("\n") });
    i = end;
  }
  return blocks;
}

/** The README with every example block regenerated from its file (`read(path)` gives a file's text). */
export function withExamples(readme, read = readExample, name = "README") {
  let out = readme;
  for (const block of exampleBlocks(readme, name)) out = out.replace(block.text, () => exampleBlock(block.path, read(block.path, `${name}:${block.line}`)));
  return out;
}

/** Code blocks (ts, js, tsx …) outside example blocks and without a <!-- not an example: … --> line before them. */
export function unmarkedCode(readme) {
  const lines = readme.split("\n");
  const found = [];
  let inExample = false;
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (START.test(line)) inExample = true;
    else if (line === END) inExample = false;
    else if (line.startsWith("```")) {
      if (!inFence && !inExample && /^```(ts|tsx|typescript|js|mjs|javascript)\s*$/.test(line) && !NOT_AN_EXAMPLE.test(lines[i - 1] ?? "")) found.push(i + 1);
      inFence = !inFence;
    }
  }
  return found;
}

function readExample(path, where, root = ROOT) {
  if (!/^examples\/[^/]+\/[^/]+\.ts$/.test(path)) throw new Error(`${where}: ${path} is not an example file (examples/<vendor>/<name>.ts)`);
  const file = join(root, path);
  if (!existsSync(file)) throw new Error(`${where}: ${path} does not exist`);
  return readFileSync(file, "utf8");
}

export const TABLE_START = "<!-- examples: generated from examples/ (each file's opening comment); `pnpm examples --write-readme` rewrites it -->";
export const TABLE_END = "<!-- /examples -->";

/** What an example says of itself: its opening comment lines, joined. */
export function summaryOf(source) {
  const lines = [];
  for (const line of source.split("\n")) {
    if (!line.startsWith("//")) break;
    lines.push(line.replace(/^\/\/\s?/, "").trim());
  }
  return lines.join(" ");
}

/** The README's table of examples: each with what it does (and writes) and the variables it reads. */
export function examplesTable(examples = findExamples(EXAMPLES_DIR), root = ROOT) {
  const rows = examples.map((e) => {
    const source = readFileSync(e.file, "utf8");
    const link = `[\`${e.vendor}/${e.name}\`](${e.file.slice(root.length + 1)})`;
    const variables = variablesOf(source).sort((a, b) => Number(b === urlVariable(e.vendor)) - Number(a === urlVariable(e.vendor)));
    return `| ${link} | ${summaryOf(source).replace(/\|/g, "\\|")} | ${variables.map((v) => `\`${v}\``).join(", ")} |`;
  });
  return ["| example | what it does | variables it reads |", "|---|---|---|", ...rows].join("\n");
}

/** The root README with its table of examples regenerated; a README without the table's markers is left as it is. */
export function withExamplesTable(readme, table = examplesTable) {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 && end < 0) return readme;
  if (start < 0 || end < start) throw new Error(`README.md: the examples table needs both ${TABLE_START} and ${TABLE_END}`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${typeof table === "function" ? table() : table}\n${readme.slice(end)}`;
}

/** Rewrites every README's example blocks from their files; returns the files that changed. */
export function writeReadmes(root = ROOT) {
  const changed = [];
  for (const file of readmeFiles(root)) {
    const before = readFileSync(file, "utf8");
    const name = file.slice(root.length + 1);
    const blocks = withExamples(before, (path, where) => readExample(path, where, root), name);
    const after = name === "README.md" ? withExamplesTable(blocks, () => examplesTable(findExamples(join(root, "examples")), root)) : blocks;
    if (after !== before) {
      writeFileSync(file, after);
      changed.push(file);
    }
  }
  return changed;
}
