import assert from "node:assert/strict";
import { test } from "node:test";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { TEXT_COLUMN } from "../store/bulk-load.js";
import { sampleData } from "../store/contract.js";
import { importRowOf } from "../store/load-rows.js";
import type { ImportRow } from "../store/store.js";
import type { Issue } from "../domain/record.js";
import { hashCitizenId } from "../domain/personal-data.js";
import {
  contentHashes,
  type EncodedRows,
  EncodedRowsReader,
  encodeRows,
  fillCitizenIdHashes,
  PENDING_CITIZEN_ID_HASH,
  RowEncoder,
  transferList,
} from "./encoded-rows.js";

const decodeRow = (rows: EncodedRows, i: number): ImportRow => importRowOf(new EncodedRowsReader(rows), i);

const rows: ImportRow[] = [
  { externalId: "KS-1", data: sampleData(), surveyor: "đội 1", issues: [] },
  {
    externalId: "KS-2 “ngõ” 😀",
    data: sampleData({
      name: "Nhà văn hóa thôn Đông",
      old: null,
      owner: null,
      extra: { ghi_chú: "cạnh chợ", tầng: "3" },
      location: { lat: 10.5, lon: 106.25, accuracyM: null, source: "centroid" },
    }),
    issues: [{ rule: "owner.contact", message: "no owner phone or e-mail (thiếu số điện thoại)" }],
    code: "2TTPF3CNT8",
  },
  { externalId: "KS-3", data: sampleData(), surveyor: "đội 1", issues: [{ rule: "owner.citizen_id", message: "m", severity: "warning" }] },
];

test("rows survive encoding and a real postMessage with transferred buffers, field for field", () => {
  const encoded = encodeRows(rows);
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(encoded, transferList(encoded));
  assert.equal(encoded.bytes.byteLength, 0, "the bytes were transferred, not copied");
  const received = receiveMessageOnPort(port2)!.message as typeof encoded;
  port1.close();
  assert.equal(received.count, 3);
  for (let i = 0; i < rows.length; i++) {
    const back = decodeRow(received, i);
    assert.deepEqual(back.data, rows[i].data);
    assert.equal(back.externalId, rows[i].externalId);
    assert.equal(back.surveyor ?? null, rows[i].surveyor ?? null);
    assert.deepEqual(back.issues, rows[i].issues);
    assert.equal(back.code, rows[i].code);
  }
  const reader = new EncodedRowsReader(received);
  assert.equal(reader.text(1, TEXT_COLUMN.issues), JSON.stringify(rows[1].issues), "the store's exact JSON");
  assert.equal(reader.text(0, TEXT_COLUMN.issues), null, "no findings → null, as the store keeps it");
  // Repeated values are kept once per chunk.
  assert.equal(received.dictionary.filter((v) => v === "đội 1").length, 1);
});

test("an encoder grows past its first capacity and starts clean after finish", () => {
  const encoder = new RowEncoder(1);
  const many = Array.from({ length: 300 }, (_, i): ImportRow => ({ externalId: `r${i}`, data: sampleData({ name: "x".repeat(i) }), issues: [] }));
  for (const row of many) encoder.add(row);
  const first = encoder.finish();
  assert.equal(first.count, 300);
  assert.equal(decodeRow(first, 299).data.name, "x".repeat(299));
  encoder.add(many[5]);
  const second = encoder.finish();
  assert.equal(second.count, 1);
  assert.equal(decodeRow(second, 0).externalId, "r5");
  assert.equal(decodeRow(first, 7).externalId, "r7", "the first chunk is not overwritten by the next");
});

test("rows without findings get the record-scope rules' findings, as importBatch gives them", () => {
  const data = sampleData({ parts: {} });
  const encoded = encodeRows([{ externalId: "a", data }]);
  const back = decodeRow(encoded, 0);
  assert.deepEqual(back.issues!.map((i) => i.rule), ["parts.required"]);
});

test("citizen-ID hashes filled in by the writer give the chunk that hashing them while mapping gives, byte for byte", () => {
  const key = Buffer.alloc(32, 7);
  const ids = ["079203001234", "012345678"];
  const owners = [
    { name: "Nguyễn Văn An", phone: "0912345678" },
    { name: "Trần Thị “Bình”", email: "binh@example.vn" },
  ];
  const withOwner = (i: number, citizenIdHash: string): ImportRow => ({
    externalId: `o${i}`,
    data: sampleData({ owner: { ...owners[i], citizenIdHash } }),
    issues: [],
  });
  // Row 1 has no citizen ID: the pending rows need not be all of them.
  const hashedRows = [withOwner(0, hashCitizenId(ids[0], key)), { externalId: "none", data: sampleData(), issues: [] }, withOwner(1, hashCitizenId(ids[1], key))];
  const pendingRows = [withOwner(0, PENDING_CITIZEN_ID_HASH), hashedRows[1], withOwner(1, PENDING_CITIZEN_ID_HASH)];
  const hashed = encodeRows(hashedRows);
  const filled = encodeRows(pendingRows);
  assert.notDeepEqual(contentHashes(filled), contentHashes(hashed));
  fillCitizenIdHashes(filled, { rows: Int32Array.of(0, 2), digits: ids }, (digits) => hashCitizenId(digits, key));
  assert.deepEqual(Buffer.from(filled.bytes), Buffer.from(hashed.bytes));
  assert.deepEqual(contentHashes(filled), contentHashes(hashed));
  assert.deepEqual(decodeRow(filled, 2).data.owner, hashedRows[2].data.owner);
});

test("filling a citizen-ID hash where the owner holds no placeholder throws and overwrites nothing", () => {
  const key = Buffer.alloc(32, 7);
  const encoded = encodeRows([{ externalId: "a", data: sampleData({ owner: { name: "An", citizenIdHash: hashCitizenId("079203001234", key) } }), issues: [] }]);
  const before = Buffer.from(encoded.bytes);
  assert.throws(
    () => fillCitizenIdHashes(encoded, { rows: Int32Array.of(0), digits: ["012345678"] }, (digits) => hashCitizenId(digits, key)),
    /row 0 of the chunk has no pending citizen-ID hash/,
  );
  assert.deepEqual(Buffer.from(encoded.bytes), before);
  const noOwner = encodeRows([{ externalId: "b", data: sampleData({ owner: null }), issues: [] }]);
  assert.throws(() => fillCitizenIdHashes(noOwner, { rows: Int32Array.of(0), digits: ["012345678"] }, (digits) => hashCitizenId(digits, key)));
});

test("issues are encoded as the store keeps them for every row, when sets repeat, extend one another or share a message across rules", () => {
  const contact = { rule: "owner.contact", message: "no owner phone or e-mail (thiếu số điện thoại)" };
  const parts = { rule: "parts.required", message: "no house number (thiếu số nhà)" };
  const warning = { rule: "owner.citizen_id", message: "not a citizen ID (không phải số CCCD)", severity: "warning" as const };
  const sets: Issue[][] = [
    [contact],
    [contact, parts],
    [contact],
    [parts, contact],
    [contact, parts, warning],
    [{ ...contact, severity: "warning" as const }],
    [{ rule: "other.rule", message: contact.message }],
    [{ message: parts.message, rule: parts.rule }], // another key order: stored in the usual one
    [contact, parts],
  ];
  const encoded = encodeRows(sets.map((issues, i) => ({ externalId: `i${i}`, data: sampleData(), issues })));
  const reader = new EncodedRowsReader(encoded);
  sets.forEach((issues, i) => {
    const expected = JSON.stringify(issues.map(({ rule, message, severity }) => (severity === undefined ? { rule, message } : { rule, message, severity })));
    assert.equal(reader.text(i, TEXT_COLUMN.issues), expected, `row ${i}`);
  });
  assert.equal(reader.text(0, TEXT_COLUMN.issues), JSON.stringify([contact]), "storedIssues' form, byte for byte");
});
