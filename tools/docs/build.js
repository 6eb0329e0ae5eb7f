#!/usr/bin/env node
// `pnpm docs:build`: the static docs site in tools/docs/dist. An index of every vendor and one Redoc page per
// vendor spec, with Redoc and the fonts served from the site itself, so nothing is fetched from the network.
//
//   node tools/docs/build.js [--out <dir>] [--root <repo root>]
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FAVICON_SVG, indexPage, vendorPage } from "./src/pages.js";
import { ManifestError, checkPorts, readVendor, specPath, vendorIds } from "@b2bkit/vendors";
import { UsageError, portOffset as readPortOffset } from "@b2bkit/vendors/cli";
import { SpecError, listOperations, loadSpec, specForPage } from "./src/spec.js";

const HERE = dirname(fileURLToPath(import.meta.url));

// Redoc's sidebar footer shows Redocly's logo from a CDN; the site ships the bundle without that image (the
// "API docs by Redocly" link stays). Checked on every build, so a Redoc upgrade that moves it fails loudly.
const REDOC_REMOTE_LOGO =
  'n.createElement("img",{alt:"redocly logo",onError:()=>t(!1),src:"https://cdn.redoc.ly/redoc/logo-mini.svg"})';

const FONTS = [
  { pkg: "@fontsource/roboto", family: "Roboto", files: ["300", "400", "400-italic", "500", "600", "700"] },
  { pkg: "@fontsource/montserrat", family: "Montserrat", files: ["400", "500", "600", "700"] },
];
// Latin and Latin Extended cover the vendors' languages (English, Polish, Slovak, French); other scripts fall
// back to the system's fonts.
const FONT_SUBSETS = new Set(["latin", "latin-ext"]);

class BuildError extends Error {}

const USAGE = "node tools/docs/build.js [--out <dir>] [--root <repo root>] [--port-offset=N]";

function parseCli(argv) {
  let offset, rest;
  try {
    ({ offset, rest } = readPortOffset(argv));
  } catch (err) {
    throw err instanceof UsageError ? new Error(err.message) : err;
  }
  const { values } = parseArgs({
    args: rest,
    options: { out: { type: "string" }, root: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: ${USAGE}\n\nBuilds the docs site (default: tools/docs/dist). --port-offset=N shows the mocks N ports up, as \`pnpm dev --port-offset=N\` runs them.`);
    process.exit(0);
  }
  return {
    root: resolve(values.root ?? join(HERE, "../..")),
    out: resolve(values.out ?? join(HERE, "dist")),
    portOffset: offset,
  };
}

const require = createRequire(import.meta.url);
const packageDir = (pkg) => dirname(require.resolve(`${pkg}/package.json`, { paths: [HERE] }));

async function readSpecs(root) {
  // The vendors are the specs of the checkout (tools/vendors reads each one's x-b2bkit block).
  const vendors = [];
  const errors = [];
  for (const id of vendorIds(root)) {
    const file = specPath(id, root);
    const shown = relative(root, file);
    try {
      const vendor = readVendor(id, root);
      const text = await readFile(file, "utf8");
      const spec = loadSpec(text, shown);
      vendors.push({ vendor, spec, text, file: shown, operations: listOperations(spec) });
    } catch (err) {
      if (err instanceof SpecError || err instanceof ManifestError) errors.push(err.message);
      else throw err;
    }
  }
  try {
    checkPorts(vendors.map((v) => v.vendor));
  } catch (err) {
    errors.push(err.message);
  }
  vendors.sort((a, b) => a.vendor.port - b.vendor.port);
  return { vendors, errors };
}

async function copyRedoc(assets) {
  const src = require.resolve("redoc/bundles/redoc.standalone.js", { paths: [HERE] });
  const code = await readFile(src, "utf8");
  const at = code.indexOf(REDOC_REMOTE_LOGO);
  if (at === -1 || code.indexOf(REDOC_REMOTE_LOGO, at + 1) !== -1) {
    throw new BuildError(
      `${relative(process.cwd(), src)}: the remote logo this build removes was not found exactly once. ` +
        "Redoc changed: find what its bundle loads from outside and update REDOC_REMOTE_LOGO in tools/docs/build.js.",
    );
  }
  const patched = code.slice(0, at) + "null" + code.slice(at + REDOC_REMOTE_LOGO.length);
  await writeFile(join(assets, "redoc.standalone.js"), patched);
  await copyFile(`${src}.LICENSE.txt`, join(assets, "redoc.standalone.js.LICENSE.txt"));
  return JSON.parse(await readFile(join(packageDir("redoc"), "package.json"), "utf8")).version;
}

/** fonts.css with the @font-face rules of the chosen weights and subsets, and their woff2 files. */
async function copyFonts(assets) {
  const fontsDir = join(assets, "fonts");
  await mkdir(fontsDir, { recursive: true });
  const rules = [];
  const copied = new Set();
  for (const font of FONTS) {
    const dir = packageDir(font.pkg);
    for (const name of font.files) {
      const css = await readFile(join(dir, `${name}.css`), "utf8");
      for (const block of css.split(/(?=\/\* )/)) {
        const head = /^\/\* ([a-z0-9-]+) \*\//.exec(block);
        if (!head) continue;
        const subset = head[1].replace(/^[a-z]+-/, "").replace(/-\d+-(normal|italic)$/, "");
        if (!FONT_SUBSETS.has(subset)) continue;
        const woff2 = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        if (!woff2) throw new BuildError(`${font.pkg}/${name}.css: no woff2 file in ${head[1]}`);
        if (!copied.has(woff2)) {
          await copyFile(join(dir, "files", woff2), join(fontsDir, woff2));
          copied.add(woff2);
        }
        rules.push(block.trim().replace(/src: [^;]+;/, `src: url(fonts/${woff2}) format('woff2');`));
      }
    }
    await copyFile(join(dir, "LICENSE"), join(fontsDir, `LICENSE-${font.family.toLowerCase()}.txt`));
  }
  if (!rules.length) throw new BuildError("no @font-face rule found in the @fontsource packages");
  const header = `/* ${FONTS.map((f) => f.family).join(" and ")} from ${FONTS.map((f) => f.pkg).join(", ")} (SIL OFL 1.1, see fonts/LICENSE-*.txt), served by this site. */`;
  await writeFile(join(assets, "fonts.css"), `${header}\n${rules.join("\n\n")}\n`);
  return copied.size;
}

async function sizeOf(dir) {
  let total = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    total += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
    files++;
  }
  return { total, files };
}

const kb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`);

export async function build({ root, out, portOffset = 0, log = console.log, warn = console.warn }) {
  const started = performance.now();
  const { vendors, errors } = await readSpecs(root);
  // The ports the pages show: the fixed ones, or those of a `pnpm dev --port-offset=N` that built them.
  for (const v of vendors) v.vendor = { ...v.vendor, port: v.vendor.port + portOffset, portOffset };
  if (errors.length) throw new BuildError(`${errors.length === 1 ? "a spec is" : `${errors.length} specs are`} broken:\n\n${errors.join("\n\n")}`);
  if (!vendors.length) throw new BuildError(`no spec found: expected specs/<vendor>/openapi.yaml under ${root}`);
  for (const { vendor, operations } of vendors) {
    if (vendor.example && !operations.some((o) => `${o.method.toUpperCase()} ${o.path}` === vendor.example)) {
      warn(`docs: warning: ${vendor.id}: the index's example call "${vendor.example}" is not in the spec; showing another call`);
    }
  }

  // Build next to the old site and swap at the end, so a server never sees a half-written site.
  const tmp = `${out}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const assets = join(tmp, "assets");
  await mkdir(join(tmp, "specs"), { recursive: true });
  await mkdir(assets, { recursive: true });
  try {
    const redocVersion = await copyRedoc(assets);
    const fontFiles = await copyFonts(assets);
    await writeFile(join(assets, "favicon.svg"), FAVICON_SVG);
    log(`docs: assets: Redoc ${redocVersion} and ${fontFiles} font files`);
    const written = [];
    for (const v of vendors) {
      const { vendor, spec } = v;
      await writeFile(join(tmp, "specs", `${vendor.id}.yaml`), v.text);
      await writeFile(join(tmp, "specs", `${vendor.id}.json`), `${JSON.stringify(spec, null, 2)}\n`);
      const html = vendorPage(vendor, spec, specForPage(spec));
      await writeFile(join(tmp, `${vendor.id}.html`), html);
      written.push({ page: `${vendor.id}.html`, size: Buffer.byteLength(html), what: `${v.operations.length} operations, from ${v.file}` });
    }
    const index = indexPage({ vendors, redocVersion });
    await writeFile(join(tmp, "index.html"), index);
    written.unshift({ page: "index.html", size: Buffer.byteLength(index), what: `${vendors.length} vendors` });
    await rm(out, { recursive: true, force: true });
    await rename(tmp, out);
    for (const w of written) log(`docs: wrote ${w.page.padEnd(16)} ${kb(w.size).padStart(7)}  ${w.what}`);
    const { total, files } = await sizeOf(out);
    const ms = performance.now() - started;
    log(`docs: ${written.length} pages, ${files} files, ${kb(total)} in ${relative(process.cwd(), out) || "."} (${(ms / 1000).toFixed(2)} s)`);
    return { out, pages: written.map((w) => w.page), vendors: vendors.map((v) => v.vendor.id), total, files };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`docs: ${err.message}\nUsage: ${USAGE}`);
    process.exit(2);
  }
  try {
    await build(options);
  } catch (err) {
    if (err instanceof BuildError) {
      console.error(`docs: build failed: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
