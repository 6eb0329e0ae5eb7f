/**
 * The default export of a dependency, however this build loaded it. An ESM build gets the export itself; a CommonJS
 * build of an ESM package gets, for a dependency whose CommonJS file sets `exports.default` (openapi-fetch does), the
 * whole module object, with the export under `default`.
 */
export const defaultExport = <T>(imported: T): T => (imported as { default?: T }).default ?? imported;
