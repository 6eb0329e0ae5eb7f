export { formatTable } from "@b2bkit/vendors/table";
