import { mockSetup } from "@b2bkit/mock/vitest";

export default mockSetup("portos");
