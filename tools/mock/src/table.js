// The shared table printer lives with the other shared tool mechanics (tools/vendors).
export { formatTable } from "@b2bkit/vendors/table";
