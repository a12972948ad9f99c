/**
 * The batch geocoding page (/batch): a CSV file sent to `POST /v1/search/csv` as it is, the answer
 * read as it streams back — the rows counted as they come against the file's own count — and kept
 * for download once whole. The API's batch routes take a key (partners with the `batch` scope,
 * operators, administrators; anonymous callers have the one-address routes), so the page asks for one.
 *
 * A whole answer is one whose stream ended normally: the API aborts the connection when a file
 * breaks after its answer has begun (docs/http-api.md), which makes the read here reject, so a
 * truncated file is never offered as the result.
 */
import { countRecords, headerFields, RecordCounter } from "./csv-records.js";
import { h } from "./dom.js";
import type { Lang } from "./i18n.js";
import { keyGate } from "./key-gate.js";
import { attachmentName, authorization, type KeyInfo } from "./operators-api.js";
import { count, sayOp } from "./operators-i18n.js";

/** How much of the file is read for its header: a header longer than this is not a survey file's. */
const HEADER_BYTES = 64 * 1024;

export function batchPage(lang: Lang): Promise<HTMLElement> {
  return keyGate({
    lang,
    hint: "keyHintBatch",
    admits: (info) => info.role === "operator" || info.role === "admin" || (info.role === "partner" && info.scopes.includes("batch")),
    forWhom: "partner (batch), operator, admin",
    open: async (key, info, forget) => batchView(lang, key, info, forget),
  });
}

function batchView(lang: Lang, key: string, info: KeyInfo, forget: HTMLElement): HTMLElement {
  const fileInput = h("input", { type: "file", id: "batch-file", accept: ".csv,text/csv" });
  const columns = h("fieldset", { id: "batch-columns", class: "columns", hidden: "" });
  const province = h("input", { id: "batch-province", inputmode: "numeric", pattern: "[0-9]{2}", maxlength: "2", size: "3" });
  const start = h("button", { type: "submit", id: "batch-start", disabled: "" }, sayOp(lang, "start"));
  const stop = h("button", { type: "button", id: "batch-stop", hidden: "" }, sayOp(lang, "stop"));
  const progress = h("progress", { id: "batch-progress", max: "1", value: "0", "aria-labelledby": "batch-progress-label", hidden: "" });
  const progressText = h("p", { id: "batch-progress-text", class: "status", role: "status", "aria-live": "polite" });
  const problem = h("p", { id: "batch-problem", class: "problem", role: "alert" });
  const result = h("p", { id: "batch-result" });

  let header: string[] = [];
  fileInput.addEventListener("change", async () => {
    problem.textContent = "";
    result.replaceChildren();
    const file = fileInput.files?.[0];
    start.disabled = true;
    columns.hidden = true;
    if (!file) return;
    const fields = headerFields(await file.slice(0, HEADER_BYTES).text(), file.size <= HEADER_BYTES);
    if (!fields || fields.every((field) => field.trim() === "")) {
      problem.textContent = sayOp(lang, "headerUnreadable");
      return;
    }
    header = fields;
    columns.replaceChildren(h("legend", {}, sayOp(lang, "columnsLegend")), h("p", { class: "hint" }, sayOp(lang, "columnsHint")));
    header.forEach((name, i) => {
      const box = h("input", { type: "checkbox", id: `batch-column-${i}`, value: name });
      box.checked = true;
      columns.append(h("span", { class: "choice" }, box, h("label", { for: `batch-column-${i}` }, name)));
    });
    columns.hidden = false;
    start.disabled = false;
  });

  const form = h(
    "form",
    { id: "batch-form", class: "batch-form" },
    h("label", { for: "batch-file" }, sayOp(lang, "fileLabel")),
    fileInput,
    columns,
    h("label", { for: "batch-province" }, sayOp(lang, "provinceFilter")),
    province,
    h("div", { class: "actions" }, start, stop),
  );

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) return;
    const chosen = [...columns.querySelectorAll<HTMLInputElement>("input[type=checkbox]")].filter((box) => box.checked).map((box) => box.value);
    if (chosen.length === 0) {
      problem.textContent = sayOp(lang, "noColumns");
      return;
    }
    problem.textContent = "";
    result.replaceChildren();
    const query = new URLSearchParams();
    // Every column ticked is the API's default: leave it to the API (a header name it would read the same).
    if (chosen.length < header.length) for (const name of chosen) query.append("columns", name);
    if (province.value.trim() !== "") query.set("province", province.value.trim());

    const rows = (await countRecords(file)) - 1;
    const say = (done: number) => {
      progress.value = done;
      progressText.textContent = sayOp(lang, "progressRows", { done: count(lang, done), total: count(lang, rows) });
    };
    progress.max = Math.max(rows, 1);
    progress.hidden = false;
    say(0);
    const abort = new AbortController();
    stop.hidden = false;
    start.disabled = true;
    stop.onclick = () => abort.abort();

    const counter = new RecordCounter();
    const chunks: Uint8Array[] = [];
    const answered = () => Math.max(counter.records() - 1, 0);
    try {
      const response = await fetch(`/v1/search/csv${query.toString() ? `?${query}` : ""}`, {
        method: "POST",
        headers: { ...authorization(key), "content-type": "text/csv; charset=utf-8" },
        body: file,
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        const refusal = (await response.json().catch(() => ({}))) as { detail?: string };
        throw new Error(refusal.detail ?? `HTTP ${response.status}`);
      }
      const filename = attachmentName(response.headers.get("content-disposition"), "geocoded.csv");
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        counter.push(value);
        say(answered());
      }
      say(Math.max(counter.records(true) - 1, 0));
      const blob = new Blob(chunks as BlobPart[], { type: "text/csv" });
      const link = h("a", { id: "batch-download", href: URL.createObjectURL(blob), download: filename }, sayOp(lang, "download", { file: filename }));
      progressText.textContent = sayOp(lang, "batchDone", { rows: count(lang, Math.max(counter.records(true) - 1, 0)) });
      result.replaceChildren(link);
    } catch (error) {
      if (abort.signal.aborted) progressText.textContent = sayOp(lang, "batchStopped", { done: count(lang, answered()) });
      else if (chunks.length > 0) problem.textContent = sayOp(lang, "batchBroken", { done: count(lang, answered()), why: (error as Error).message });
      else problem.textContent = sayOp(lang, "requestFailed", { why: (error as Error).message });
    } finally {
      stop.hidden = true;
      start.disabled = false;
    }
  });

  return h(
    "section",
    { class: "batch", "aria-labelledby": "batch-title" },
    h("h1", { id: "batch-title" }, sayOp(lang, "batchTitle")),
    h("p", { class: "hint" }, sayOp(lang, "signedInAs", { name: info.name, role: info.role }), " ", forget),
    h("p", {}, sayOp(lang, "batchIntro")),
    form,
    h("p", { id: "batch-progress-label", class: "progress-label" }, sayOp(lang, "progressLabel")),
    progress,
    progressText,
    problem,
    result,
  );
}
