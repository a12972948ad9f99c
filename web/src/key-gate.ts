/**
 * The key the operators' pages ask for: a form, the key checked with `/v1/keys/me` (401: unknown
 * or revoked; a role the page is not for: said as the API's 403 would), then kept in sessionStorage
 * so that a reload of the tab does not ask again. A key kept from before is checked the same way.
 */
import { h } from "./dom.js";
import type { Lang } from "./i18n.js";
import { type KeyInfo, KeyedRefusal, keyInfo, storedKey, storeKey } from "./operators-api.js";
import { type OperatorWord, sayOp } from "./operators-i18n.js";

export interface KeyGateOptions {
  lang: Lang;
  hint: OperatorWord;
  /** Whether the page is for this key (the roles, and for a partner its scopes). */
  admits: (info: KeyInfo) => boolean;
  /** Who the page is for, in words, for the refusal. */
  forWhom: string;
  /** Called once a key is admitted; answers the page to show. */
  open: (key: string, info: KeyInfo, forget: HTMLElement) => Promise<HTMLElement>;
}

/** The form, or (with a good key kept from before) the page itself. */
export async function keyGate(options: KeyGateOptions): Promise<HTMLElement> {
  const { lang } = options;
  const holder = h("div", { class: "operators" });
  const message = h("p", { id: "key-message", class: "problem", role: "alert" });
  const input = h("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off", spellcheck: "false", "aria-describedby": "key-hint key-message" });
  const form = h(
    "form",
    { class: "key-form", id: "key-form" },
    h("label", { for: "api-key" }, sayOp(lang, "keyLabel")),
    h("p", { id: "key-hint", class: "hint" }, sayOp(lang, options.hint)),
    h("div", { class: "key-row" }, input, h("button", { type: "submit" }, sayOp(lang, "keySubmit"))),
    message,
  );

  const forget = h("button", { type: "button", id: "key-forget", class: "link-button" }, sayOp(lang, "keyForget"));
  forget.addEventListener("click", () => {
    storeKey(null);
    input.value = "";
    message.textContent = "";
    holder.replaceChildren(form);
    input.focus();
  });

  /** Checks `key`; opens the page, or says why not and leaves the form. */
  const tryKey = async (key: string): Promise<void> => {
    try {
      const info = await keyInfo(key);
      if (!options.admits(info)) {
        storeKey(null);
        message.textContent = sayOp(lang, "key403", { role: info.role, roles: options.forWhom });
        holder.replaceChildren(form);
        return;
      }
      storeKey(key);
      holder.replaceChildren(await options.open(key, info, forget));
    } catch (error) {
      storeKey(null);
      message.textContent =
        error instanceof KeyedRefusal && error.status === 401 ? sayOp(lang, "key401") : sayOp(lang, "requestFailed", { why: (error as Error).message });
      holder.replaceChildren(form);
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key === "") {
      message.textContent = sayOp(lang, "keyMissing");
      return;
    }
    message.textContent = "";
    void tryKey(key);
  });

  const kept = storedKey();
  if (kept) await tryKey(kept);
  else holder.replaceChildren(form);
  return holder;
}
