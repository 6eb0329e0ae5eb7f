import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createJiwaClient, type JiwaClientOptions } from "../src/index.js";

// IDs of the vendor doc's examples ("Inventory API Operations - Examples Of Use").
export const InventoryID = "000000000K00000000BQ";
export const DebtorID = "0000000061000000001V";
export const IN_LogicalID = "ZZZZZZZZZZ0000000000";
export const SettingID = "b450e24b-0b83-4650-b812-311f26dfeeb2";
export const NoteID = "8F25C1BF-532A-4304-A44F-078AC5D1C54E";
export const CategoryID = "000000000E00000000ZJ";

/** The doc's picture (a base64 GIF), as its "Create a new product" C# example sends it. */
export const PICTURE: string = (() => {
  const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
    paths: Record<string, { post: { requestBody: { content: Record<string, { examples: Record<string, { value: { Picture: string } }> }> } } }>;
  };
  return spec.paths["/Inventory"]!.post.requestBody.content["application/json"]!.examples["withPicture"]!.value.Picture;
})();

/** The client a user builds, pointed at this run's Prism mock of the Jiwa spec, with an API key. */
export function mockClient(options: Partial<JiwaClientOptions> = {}) {
  return createJiwaClient({ baseUrl: inject("mock:jiwa"), auth: jiwaAuth({ apiKey: "test-api-key" }), ...options });
}
