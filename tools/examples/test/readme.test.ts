// The READMEs' usage code is the examples' code (pnpm examples --write-readme rewrites it).
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, VENDORS } from "@b2bkit/vendors";
import { findExamples } from "../src/index.js";
import { exampleBlock, exampleBlocks, readmeFiles, summaryOf, unmarkedCode, withExamples, withExamplesTable } from "../src/readme.js";

const FIX = "run pnpm examples --write-readme";
const readmes = readmeFiles().map((file) => ({ name: relative(ROOT, file), text: readFileSync(file, "utf8") }));

describe("the READMEs", () => {
  it.each(readmes)("$name: every example block is its example file, as it is", ({ name, text }) => {
    expect(withExamples(text, undefined, name), FIX).toBe(text);
  });

  it("README.md: the table of examples lists every example, as generated", () => {
    const readme = readmes.find((r) => r.name === "README.md")!.text;
    expect(withExamplesTable(readme), FIX).toBe(readme);
    for (const e of findExamples()) expect(readme).toContain(`[\`${e.vendor}/${e.name}\`](examples/${e.vendor}/${e.name}.ts)`);
  });

  it.each(readmes)("$name: every TypeScript block is an example, or says why it is not", ({ text }) => {
    expect(unmarkedCode(text), "lines of code blocks without <!-- example: … --> or <!-- not an example: … -->").toEqual([]);
  });

  it.each(VENDORS.flatMap((v) => [v.clientDir, v.authDir]))("%s/README.md shows its usage from an example", (dir) => {
    const text = readFileSync(join(dir, "README.md"), "utf8");
    expect(exampleBlocks(text).map((b) => b.path)).not.toEqual([]);
  });

  it("README.md: the client in ten lines is an example", () => {
    const readme = readmes.find((r) => r.name === "README.md")!.text;
    expect(readme).toMatch(/## The client in ten lines\n\n<!-- example: examples\/[^ ]+\.ts -->\n```ts\n/);
  });
});

describe("every example", () => {
  it.each(findExamples().map((e) => [`${e.vendor}/${e.name}`, e.file]))("%s opens with what it does and what it writes", (_, file) => {
    const summary = summaryOf(readFileSync(file, "utf8"));
    expect(summary).toMatch(/\. Writes .+\.$/);
  });
});

describe("an example block", () => {
  const read = (path: string) => (path === "examples/amage/a.ts" ? "const a = 1;\n" : "");

  it("is rewritten from its file when it differs", () => {
    const stale = "# x\n\n<!-- example: examples/amage/a.ts -->\n```ts\nconst a = 0;\n```\n<!-- /example -->\n\ntext\n";
    expect(withExamples(stale, read)).toBe(`# x\n\n${exampleBlock("examples/amage/a.ts", "const a = 1;\n")}\n\ntext\n`);
    expect(withExamples("<!-- example: examples/amage/a.ts -->\n<!-- /example -->", read)).toBe(
      "<!-- example: examples/amage/a.ts -->\n```ts\nconst a = 1;\n```\n<!-- /example -->",
    );
  });

  it("refuses a start marker without its end, and a file that does not exist", () => {
    expect(() => withExamples("<!-- example: examples/amage/a.ts -->\n```ts\n```\n", read, "X.md")).toThrow(
      "X.md:1: <!-- example: examples/amage/a.ts --> has no <!-- /example --> after it",
    );
    expect(() => withExamples("<!-- example: examples/amage/gone.ts -->\n<!-- /example -->", undefined, "X.md")).toThrow(
      "X.md:1: examples/amage/gone.ts does not exist",
    );
  });

  it("finds code outside examples unless a line before it says why it is not one", () => {
    const text = "```ts\na\n```\n\n<!-- not an example: a shape -->\n```ts\nb\n```\n\n```sh\nc\n```\n";
    expect(unmarkedCode(text)).toEqual([1]);
  });
});
