import { describe, expect, it } from "vitest";
import { unwrap } from "../src/index.js";
import { InventoryID, NoteID, mockClient } from "./helpers.js";

const jiwa = mockClient();
const note = { path: { InventoryID, NoteID } };

describe("notes of a product", () => {
  it("lists the notes", async () => {
    const notes = await unwrap(jiwa.GET("/Inventory/{InventoryID}/Notes", { params: { path: { InventoryID } } }));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]).toMatchObject({ NoteID: expect.any(String), NoteText: expect.any(String) });
    expect(notes[0]?.NoteType?.Description).toBeTypeOf("string");
  });

  it("reads one note", async () => {
    const found = await unwrap(jiwa.GET("/Inventory/{InventoryID}/Notes/{NoteID}", { params: note }));
    expect(found.NoteID?.toUpperCase()).toBe(NoteID);
    // Both DTOs carry a base64 RowHash (SQL rowversion), the note's type too.
    expect(found.RowHash).toBe("AAAAAAAAB9E=");
    expect(found.NoteType?.RowHash).toBe("AAAAAAAAB8M=");
  });

  it("adds a note on the product's Notes route (not on /Inventory, as the doc's curl has it)", async () => {
    const { data, response } = await jiwa.POST("/Inventory/{InventoryID}/Notes", {
      params: { path: { InventoryID } },
      body: { NoteText: "This is a new note" },
    });
    expect(response.status).toBe(201);
    expect(new URL(response.url).pathname).toBe(`/Inventory/${InventoryID}/Notes`);
    expect(data?.NoteText).toBe("This is a new note");
  });

  it("updates a note with PATCH (the doc's curl says POST)", async () => {
    const updated = await unwrap(jiwa.PATCH("/Inventory/{InventoryID}/Notes/{NoteID}", { params: note, body: { NoteText: "This is an updated note" } }));
    expect(updated.NoteText).toBe("This is an updated note");
  });

  it("deletes a note: 204", async () => {
    const { response } = await jiwa.DELETE("/Inventory/{InventoryID}/Notes/{NoteID}", { params: note });
    expect(response.status).toBe(204);
  });
});
