/**
 * The web app's entry: one page per path, drawn in the chosen language.
 *   /          the search page (search.ts)
 *   /a/<code>  the address card (card.ts)
 *   /dashboard the operators' dashboard (dashboard.ts)
 *   /batch     batch geocoding of a CSV file (batch.ts)
 * A language switch draws the current page again in the other language.
 */
import { addressCard } from "./card.js";
import { searchCombobox } from "./combobox.js";
import { h } from "./dom.js";
import { initialLang, type Lang, rememberLang, say } from "./i18n.js";

const app = document.getElementById("app")!;
const switcher = document.getElementById("lang-switch")!;
let lang: Lang = initialLang();

async function draw(): Promise<void> {
  rememberLang(lang);
  document.querySelectorAll<HTMLElement>("[data-i18n]").forEach((element) => {
    element.textContent = say(lang, element.dataset.i18n as "brand");
  });
  switcher.textContent = say(lang, "switchTo");
  switcher.setAttribute("aria-label", say(lang, "switchToLabel"));
  switcher.setAttribute("lang", lang === "vi" ? "en" : "vi");

  const card = /^\/a\/([^/]+)\/?$/.exec(location.pathname);
  if (card) {
    app.replaceChildren(h("p", { class: "status" }, say(lang, "loading")));
    const typed = decodeURIComponent(card[1]);
    const page = await addressCard(lang, typed);
    document.title = `${page.querySelector("h1")?.textContent ?? typed} · diachiso`;
    app.replaceChildren(page);
    return;
  }
  // The operators' pages are loaded only when opened (their own chunk): the public pages stay light.
  const operators = {
    "/dashboard": async () => (await import("./dashboard.js")).dashboardPage,
    "/batch": async () => (await import("./batch.js")).batchPage,
  }[location.pathname.replace(/\/$/, "")];
  if (operators) {
    app.replaceChildren(h("p", { class: "status" }, say(lang, "loading")));
    const page = await (await operators())(lang);
    document.title = `${page.querySelector("h1")?.textContent ?? say(lang, "brand")} · diachiso`;
    app.replaceChildren(page);
    return;
  }
  document.title = `${say(lang, "brand")} · diachiso`;
  app.replaceChildren(
    h(
      "section",
      { class: "search-page" },
      h("h1", {}, say(lang, "brand")),
      searchCombobox({ lang, onPick: (suggestion) => location.assign(`/a/${encodeURIComponent(suggestion.code)}`) }),
    ),
  );
  document.getElementById("search")?.focus();
}

// The dashboard keeps its drill-down in the URL: back and forward draw the page of the URL they reach.
window.addEventListener("popstate", () => void draw());
switcher.addEventListener("click", () => {
  lang = lang === "vi" ? "en" : "vi";
  void draw();
});
void draw();
