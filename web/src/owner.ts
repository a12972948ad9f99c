/**
 * The owner page (/o/<token>), opened from the link in a notification: the owner sees their own
 * record — the code, the address in the new structure and the old, and the personal data the survey
 * took (name, phone, e-mail) — and either confirms it or says what is wrong (words, and values for
 * the house number, alley and street if they like). The token in the path is the credential: the
 * page sends it to the API in the X-Owner-Token header (routes/owner.ts), never in a URL. A refused
 * link (used, expired, altered, out of date) is said in the owner's words, by the problem's type.
 */
import { ApiRefusal } from "./api.js";
import { h } from "./dom.js";
import { type Lang, say, sayValue, type WordKey } from "./i18n.js";

interface OwnerView {
  code: string;
  display: string;
  kind: string;
  status: string;
  name: string | null;
  formatted: { new: string | null; old: string | null };
  owner: { name: string | null; phone: string | null; email: string | null } | null;
  link_expires_at: string;
}

/** The values an owner may propose on this page (the API takes a few more; these are what people get wrong). */
const PROPOSED_INPUTS: readonly { field: string; id: string; label: WordKey }[] = [
  { field: "parts.houseNumber", id: "owner-fix-house", label: "ownerFixHouse" },
  { field: "parts.alleys", id: "owner-fix-alleys", label: "ownerFixAlleys" },
  { field: "parts.street", id: "owner-fix-street", label: "ownerFixStreet" },
];

/** The words for each refusal of a link (its problem type without the prefix). */
const REFUSALS: Record<string, WordKey> = {
  "owner-link-used": "ownerLinkUsed",
  "owner-link-expired": "ownerLinkExpired",
  "owner-link-stale": "ownerLinkStale",
  "owner-link-tampered": "ownerLinkBroken",
  "owner-link-malformed": "ownerLinkBroken",
  "owner-link-missing": "ownerLinkBroken",
};

async function ownerCall(token: string, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json", "x-owner-token": token };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await response.json()) as { detail?: string; type?: string };
  if (!response.ok) throw new ApiRefusal(response.status, answer.detail ?? response.statusText, [], answer.type ?? "");
  return answer;
}

/** What a refusal says to the owner: the page's own words for a link's refusals, the API's otherwise. */
function refusalWords(lang: Lang, error: unknown): string {
  if (error instanceof ApiRefusal) {
    const key = REFUSALS[error.type.replace("urn:diachiso:problem:", "")];
    if (key) return say(lang, key);
    if (error.status === 429) return say(lang, "ownerTooMany");
  }
  return say(lang, "ownerFailed", { why: (error as Error).message });
}

function refusedPage(lang: Lang, error: unknown): HTMLElement {
  return h("section", { class: "card owner" }, h("h1", {}, say(lang, "ownerTitle")), h("p", { id: "owner-refused", role: "alert" }, refusalWords(lang, error)));
}

export async function ownerPage(lang: Lang, token: string): Promise<HTMLElement> {
  let view: OwnerView;
  try {
    view = (await ownerCall(token, "GET", "/v1/owner")) as OwnerView;
  } catch (error) {
    return refusedPage(lang, error);
  }
  const row = (key: WordKey, value: string, id: string) => h("div", { class: "row" }, h("dt", {}, say(lang, key)), h("dd", { id }, value));
  const owner = view.owner;
  const outcome = h("p", { id: "owner-outcome", class: "outcome", role: "status", "aria-live": "polite" });
  const answers = h("div", { class: "owner-answers" });

  const confirm = h("button", { type: "button", id: "owner-confirm", class: "primary" }, say(lang, "ownerConfirm"));
  const text = h("textarea", { id: "owner-fix-text", rows: "3", maxlength: "2000" });
  const inputs = PROPOSED_INPUTS.map(({ id, label }) => [h("label", { for: id }, say(lang, label)), h("input", { id, type: "text", maxlength: "200", autocomplete: "off" })] as const);
  const send = h("button", { type: "submit", id: "owner-fix-send" }, say(lang, "ownerFixSend"));
  const form = h(
    "form",
    { id: "owner-fix", class: "owner-fix" },
    h("h2", {}, say(lang, "ownerFixTitle")),
    h("label", { for: "owner-fix-text" }, say(lang, "ownerFixText")),
    text,
    ...inputs.flat(),
    send,
  );

  /** After an answer, or a refusal of the link itself, the buttons go: a link answers once. Any other failure leaves them to try again. */
  const settle = (message: string, tone: "done" | "refused", error?: unknown) => {
    outcome.textContent = message;
    outcome.dataset.tone = tone;
    const linkRefused = error instanceof ApiRefusal && error.type.replace("urn:diachiso:problem:", "") in REFUSALS;
    if (tone === "done" || linkRefused) answers.replaceChildren();
    outcome.focus();
  };
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      const done = (await ownerCall(token, "POST", "/v1/owner/confirm")) as { status: string };
      document.getElementById("owner-status")!.textContent = sayValue(lang, "status", done.status);
      settle(say(lang, "ownerConfirmed"), "done");
    } catch (error) {
      confirm.disabled = false;
      settle(refusalWords(lang, error), "refused", error);
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    PROPOSED_INPUTS.forEach(({ field }, i) => {
      const value = inputs[i][1].value.trim();
      if (value) fields[field] = value;
    });
    if (!text.value.trim() && Object.keys(fields).length === 0) {
      outcome.textContent = say(lang, "ownerFixEmpty");
      text.focus();
      return;
    }
    send.disabled = true;
    try {
      const done = (await ownerCall(token, "POST", "/v1/owner/correction", { text: text.value, fields })) as { status: string };
      document.getElementById("owner-status")!.textContent = sayValue(lang, "status", done.status);
      settle(say(lang, "ownerFixSent"), "done");
    } catch (error) {
      send.disabled = false;
      settle(refusalWords(lang, error), "refused", error);
    }
  });
  answers.append(h("p", {}, say(lang, "ownerAsk")), h("div", { class: "actions" }, confirm), form);
  outcome.tabIndex = -1;

  return h(
    "section",
    { class: "card owner", "aria-labelledby": "owner-title" },
    h("h1", { id: "owner-title" }, say(lang, "ownerTitle")),
    h("p", { class: "code-label" }, say(lang, "code")),
    h("p", { id: "owner-code", class: "code", "data-code": view.code }, view.display),
    h(
      "dl",
      {},
      ...(view.name ? [row("ownerPlaceName", view.name, "owner-place-name")] : []),
      row("addressNew", view.formatted.new ?? "", "owner-address-new"),
      ...(view.formatted.old ? [row("addressOld", view.formatted.old, "owner-address-old")] : []),
      row("kind", sayValue(lang, "kind", view.kind), "owner-kind"),
      row("status", sayValue(lang, "status", view.status), "owner-status"),
      row("ownerName", owner?.name ?? "—", "owner-name"),
      row("ownerPhone", owner?.phone ?? "—", "owner-phone"),
      ...(owner?.email ? [row("ownerEmail", owner.email, "owner-email")] : []),
      row("ownerLinkUntil", new Date(view.link_expires_at).toLocaleDateString(lang === "vi" ? "vi-VN" : "en-GB"), "owner-expires"),
    ),
    outcome,
    answers,
  );
}
