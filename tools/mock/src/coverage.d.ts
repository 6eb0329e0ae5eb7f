/**
 * Every operation (`"GET /path"`) of the spec bundled beside `testDir` (`../openapi.json`), and those no other
 * `*.test.ts` in `testDir` calls as `.GET(<name>` — a name being the quoted path, or what `names(path)` lists.
 */
export declare function specCoverage(
  testDir: URL,
  options?: { names?: (path: string) => string[] },
): { operations: string[]; untested: string[] };
