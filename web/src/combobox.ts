/**
 * The search box: an editable combobox with a list popup (WAI-ARIA APG "combobox with listbox
 * popup", list autocomplete). Focus stays in the input; the option under the arrow keys is named by
 * aria-activedescendant. ArrowDown/ArrowUp move (opening the list), Enter picks, Escape closes the
 * list or, when it is closed, clears the box.
 *
 * Suggestions are asked for as the user types, DEBOUNCE_MS after the last key; a newer keystroke
 * aborts the request before it and an answer that is not the latest asked is dropped, so the list
 * never shows suggestions for text that is no longer in the box.
 */
import { autocomplete, type Suggestion } from "./api.js";
import { h } from "./dom.js";
import { type Lang, say, sayValue } from "./i18n.js";

/** Quiet time after the last key before a request: about one keystroke of a steady typist. */
export const DEBOUNCE_MS = 120;

export interface ComboboxOptions {
  lang: Lang;
  /** A suggestion with a code was picked. */
  onPick: (suggestion: Suggestion & { code: string }) => void;
  /** The suggestions now listed (the map shows them). */
  onResults?: (suggestions: readonly Suggestion[]) => void;
  /** The option under the arrow keys changed (-1: none). */
  onActive?: (index: number) => void;
}

export function searchCombobox(options: ComboboxOptions): HTMLElement {
  const { lang } = options;
  const input = h("input", {
    id: "search",
    type: "text",
    role: "combobox",
    autocomplete: "off",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": "search-options",
    "aria-describedby": "search-hint",
    placeholder: say(lang, "searchPlaceholder"),
  });
  const listbox = h("ul", { id: "search-options", role: "listbox", "aria-label": say(lang, "searchLabel"), hidden: "" });
  const status = h("p", { id: "search-status", class: "status", role: "status", "aria-live": "polite" });

  let suggestions: Suggestion[] = [];
  let active = -1;
  let timer: number | undefined;
  let inFlight: AbortController | null = null;
  let asked = 0;

  const setExpanded = (open: boolean) => {
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (!open) setActive(-1);
  };

  const setActive = (index: number) => {
    const listed = listbox.querySelectorAll<HTMLElement>("[role=option]");
    listed.forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index));
    });
    active = index;
    options.onActive?.(index);
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    const option = listed[index];
    input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  const render = (text: string) => {
    // The text these suggestions answer (the input's value once the latest answer is in).
    listbox.dataset.query = text;
    listbox.replaceChildren(
      ...suggestions.map((suggestion, i) =>
        h(
          "li",
          { id: `search-option-${i}`, role: "option", "aria-selected": "false", "data-code": suggestion.code ?? "" },
          h("span", { class: "label" }, suggestion.label),
          h(
            "span",
            { class: "meta" },
            ...(suggestion.code ? [h("code", {}, suggestion.code), " · "] : []),
            sayValue(lang, "match", suggestion.match),
          ),
        ),
      ),
    );
    status.textContent = text.trim() === "" ? "" : suggestions.length === 0 ? say(lang, "noResults") : say(lang, "resultsCount", { n: suggestions.length });
    options.onResults?.(suggestions);
    setExpanded(suggestions.length > 0);
  };

  const ask = async (text: string) => {
    inFlight?.abort();
    const mine = ++asked;
    if (text.trim() === "") {
      suggestions = [];
      render(text);
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    try {
      const found = await autocomplete(text, controller.signal);
      if (mine !== asked) return; // a newer question was asked meanwhile
      suggestions = found;
      render(text);
    } catch (error) {
      if (mine !== asked || controller.signal.aborted) return;
      suggestions = [];
      render("");
      status.textContent = say(lang, "searchFailed", { why: (error as Error).message });
    }
  };

  const pick = (index: number) => {
    const suggestion = suggestions[index];
    if (!suggestion) return;
    if (suggestion.code) {
      setExpanded(false);
      options.onPick({ ...suggestion, code: suggestion.code });
      return;
    }
    // A street or a unit has no code of its own: take its name and look for the addresses in it.
    input.value = `${suggestion.label.split(",")[0]} `;
    input.focus();
    void ask(input.value);
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void ask(input.value), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    const count = suggestions.length;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (count === 0) return;
        if (listbox.hidden) setExpanded(true);
        setActive(active + 1 >= count ? 0 : active + 1);
        return;
      case "ArrowUp":
        event.preventDefault();
        if (count === 0) return;
        if (listbox.hidden) setExpanded(true);
        setActive(active <= 0 ? count - 1 : active - 1);
        return;
      case "Enter":
        if (!listbox.hidden && active >= 0) {
          event.preventDefault();
          pick(active);
        }
        return;
      case "Escape":
        event.preventDefault();
        // The user is done with this text: an answer still on its way must not open the list again.
        window.clearTimeout(timer);
        inFlight?.abort();
        asked++;
        if (!listbox.hidden) setExpanded(false);
        else {
          input.value = "";
          suggestions = [];
          render("");
        }
        return;
    }
  });
  // A click (or a tap) picks too; mousedown is taken so that the input keeps focus.
  listbox.addEventListener("mousedown", (event) => event.preventDefault());
  listbox.addEventListener("click", (event) => {
    const option = (event.target as HTMLElement).closest<HTMLElement>("[role=option]");
    if (option) pick(Number(option.id.slice("search-option-".length)));
  });
  input.addEventListener("blur", () => setExpanded(false));

  return h(
    "div",
    { class: "search" },
    h("label", { for: "search" }, say(lang, "searchLabel")),
    h("div", { class: "combobox" }, input, listbox),
    h("p", { id: "search-hint", class: "hint" }, say(lang, "searchHint")),
    status,
  );
}
