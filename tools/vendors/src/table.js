/** Prints rows as aligned columns under a header: the tables of `pnpm mock`, `pnpm dev` and `pnpm vendors`. */
export function formatTable(header, rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
