/**
 * The web app's entry: one page per path, drawn in the chosen language.
 *   /          the search page (search.ts)
 *   /a/<code>  the address card (card.ts)
 *   /dashboard the operators' dashboard (dashboard.ts)
 *   /batch     batch geocoding of a CSV file (batch.ts)
 *   /o/<token> the owner page, from a notification's link (owner.ts)
 * A language switch draws the current page again in the other language; the larger-text switch
 * only resizes (and tells the maps to measure themselves again).
 */
import { addressCard } from "./card.js";
import { type ComboboxOptions, searchCombobox } from "./combobox.js";
import { h } from "./dom.js";
import { initialLang, type Lang, rememberLang, say } from "./i18n.js";
import { applyLargeText, initialLargeText } from "./text-size.js";
import { ownerPage } from "./owner.js";

const app = document.getElementById("app")!;
const switcher = document.getElementById("lang-switch")!;
const textSize = document.getElementById("text-size")!;
let lang: Lang = initialLang();
let largeText = initialLargeText();
/** The page's map, when it has one: told when the text size changes, removed when the page is drawn again. */
let pageMap: { resized(): void; remove(): void } | null = null;

/** The search page's map, loaded after the search box (its module is the larger part of the script). */
async function attachSearchMap(page: HTMLElement, setHandlers: (handlers: { results: ComboboxOptions["onResults"]; active: ComboboxOptions["onActive"] }) => void) {
  const { SearchMap } = await import("./map.js");
  const map = new SearchMap({ lang, onOpen: (code) => location.assign(`/a/${encodeURIComponent(code)}`) });
  page.append(map.element);
  map.attached();
  pageMap = map;
  setHandlers({ results: (suggestions) => map.showResults(suggestions), active: (index) => map.highlight(index) });
  // For the end-to-end tests and the benchmark: the map's own projection, and a way to frame a point.
  Object.assign(window, { diachisoMap: map });
}

/** "Loading", then the page `load` draws, titled `title`, else by its heading, else `fallback`. */
async function showPage(load: () => Promise<HTMLElement>, options: { title?: string; fallback?: string } = {}): Promise<void> {
  app.replaceChildren(h("p", { class: "status" }, say(lang, "loading")));
  const page = await load();
  document.title = `${options.title ?? page.querySelector("h1")?.textContent ?? options.fallback ?? say(lang, "brand")} · diachiso`;
  app.replaceChildren(page);
}

async function draw(): Promise<void> {
  rememberLang(lang);
  document.querySelectorAll<HTMLElement>("[data-i18n]").forEach((element) => {
    element.textContent = say(lang, element.dataset.i18n as "brand");
  });
  switcher.textContent = say(lang, "switchTo");
  switcher.setAttribute("aria-label", say(lang, "switchToLabel"));
  switcher.setAttribute("lang", lang === "vi" ? "en" : "vi");
  textSize.textContent = say(lang, "largerText");
  textSize.setAttribute("aria-pressed", String(largeText));
  pageMap?.remove();
  pageMap = null;

  const owner = /^\/o\/([^/]+)\/?$/.exec(location.pathname);
  // The owner's page is titled by its purpose, never by what it shows (their address).
  if (owner) return showPage(() => ownerPage(lang, decodeURIComponent(owner[1])), { title: say(lang, "ownerTitle") });
  const card = /^\/a\/([^/]+)\/?$/.exec(location.pathname);
  if (card) {
    const typed = decodeURIComponent(card[1]);
    return showPage(() => addressCard(lang, typed), { fallback: typed });
  }
  // The operators' pages are loaded only when opened (their own chunk): the public pages stay light.
  const operators = {
    "/dashboard": async () => (await import("./dashboard.js")).dashboardPage(lang),
    "/batch": async () => (await import("./batch.js")).batchPage(lang),
  }[location.pathname.replace(/\/$/, "")];
  if (operators) return showPage(operators);
  document.title = `${say(lang, "brand")} · diachiso`;
  // The map arrives after the box: until then the results are only listed, and the latest are shown when it comes.
  let handlers: { results: ComboboxOptions["onResults"]; active: ComboboxOptions["onActive"] } = { results: undefined, active: undefined };
  let latest: Parameters<NonNullable<ComboboxOptions["onResults"]>>[0] = [];
  const page = h(
    "section",
    { class: "search-page" },
    h("h1", {}, say(lang, "brand")),
    searchCombobox({
      lang,
      onPick: (suggestion) => location.assign(`/a/${encodeURIComponent(suggestion.code)}`),
      onResults: (suggestions) => {
        latest = suggestions;
        handlers.results?.(suggestions);
      },
      onActive: (index) => handlers.active?.(index),
    }),
  );
  app.replaceChildren(page);
  document.getElementById("search")?.focus();
  await attachSearchMap(page, (set) => {
    handlers = set;
    if (latest.length > 0) set.results?.(latest);
  });
}

// The dashboard keeps its drill-down in the URL: back and forward draw the page of the URL they reach.
window.addEventListener("popstate", () => void draw());

textSize.addEventListener("click", () => {
  largeText = !largeText;
  applyLargeText(largeText);
  textSize.setAttribute("aria-pressed", String(largeText));
  pageMap?.resized();
});
applyLargeText(largeText);
switcher.addEventListener("click", () => {
  lang = lang === "vi" ? "en" : "vi";
  void draw();
});
void draw();
