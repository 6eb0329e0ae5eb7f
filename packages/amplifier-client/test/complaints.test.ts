import { describe, expect, it } from "vitest";
import { unwrap, type Complaint } from "../src/index.js";
import { mockClient } from "./helpers.js";

const amplifier = mockClient();

describe("complaints (GetListOfComplaints)", () => {
  it("GetListOfComplaints() → GET /complaints-translator/ lists the complaints as typed data", async () => {
    const complaints: Complaint[] = await unwrap(amplifier.GET("/complaints-translator/"));
    expect(complaints[0]).toMatchObject({ id: 17, nr: "REK/2024/03/0003", status: "NEW", customer_external_id: "C-0042" });
    expect(complaints[0]!.lines?.[0]).toMatchObject({ complaint: 17, product_external_id: "P-1001", quantity: "1.000" });
  });

  it("filters by status, as the vendor's newer client does", async () => {
    const complaints = await unwrap(amplifier.GET("/complaints-translator/", { params: { query: { status: "NEW" } } }));
    expect(complaints).toHaveLength(1);
    expect(complaints.every((c) => c.status === "NEW")).toBe(true);
  });
});
