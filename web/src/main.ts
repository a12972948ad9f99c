/**
 * The web app's entry: one page per path, drawn in the chosen language.
 *   /          the search page (search.ts)
 *   /a/<code>  the address card (card.ts)
 *   /o/<token> the owner page, from a notification's link (owner.ts)
 * A language switch draws the current page again in the other language.
 */
import { addressCard } from "./card.js";
import { searchCombobox } from "./combobox.js";
import { h } from "./dom.js";
import { initialLang, type Lang, rememberLang, say } from "./i18n.js";
import { ownerPage } from "./owner.js";

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

  const owner = /^\/o\/([^/]+)\/?$/.exec(location.pathname);
  if (owner) {
    app.replaceChildren(h("p", { class: "status" }, say(lang, "loading")));
    document.title = `${say(lang, "ownerTitle")} · diachiso`;
    app.replaceChildren(await ownerPage(lang, decodeURIComponent(owner[1])));
    return;
  }
  const card = /^\/a\/([^/]+)\/?$/.exec(location.pathname);
  if (card) {
    app.replaceChildren(h("p", { class: "status" }, say(lang, "loading")));
    const typed = decodeURIComponent(card[1]);
    const page = await addressCard(lang, typed);
    document.title = `${page.querySelector("h1")?.textContent ?? typed} · diachiso`;
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

switcher.addEventListener("click", () => {
  lang = lang === "vi" ? "en" : "vi";
  void draw();
});
void draw();
