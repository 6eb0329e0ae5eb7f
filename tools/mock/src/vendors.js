// The vendors and their mock ports come from the one list (tools/vendors: each spec's x-b2bkit block).
export { ROOT, VENDORS, specPath } from "@b2bkit/vendors";
