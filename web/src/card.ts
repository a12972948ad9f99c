/**
 * The address card (/a/<code>): the code in display form, the address in the new structure and,
 * when the API gives it, the old; kind, status, coordinates and a small map of them in the
 * commune's outline; a QR code of the card's own link and a
 * copy button and a share button. A code the store does not hold shows the codes one edit away that the API suggests.
 */
import QRCode from "qrcode";
import { addressByCode, ApiRefusal, type PublicAddress } from "./api.js";
import { h } from "./dom.js";
import { type Lang, say, sayValue } from "./i18n.js";

/** The card's link: the code as the store writes it, so that every way of typing it shares one URL (and one QR code). */
export function cardUrl(code: string): string {
  return `${location.origin}/a/${encodeURIComponent(code)}`;
}

export async function addressCard(lang: Lang, typed: string): Promise<HTMLElement> {
  let address: PublicAddress;
  try {
    address = await addressByCode(typed);
  } catch (error) {
    if (error instanceof ApiRefusal && error.status === 404) return notFound(lang, typed, error.suggestions);
    return h("section", { class: "card" }, h("p", { role: "alert" }, say(lang, "loadFailed", { why: (error as Error).message })));
  }
  if (location.pathname !== `/a/${address.code}`) history.replaceState(null, "", `/a/${address.code}`);

  const link = cardUrl(address.code);
  const qr = h("figure", { class: "qr" });
  // The library's own SVG (no data from the API inside it but the card's link it encodes).
  qr.innerHTML = await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  qr.firstElementChild?.setAttribute("role", "img");
  qr.firstElementChild?.setAttribute("aria-label", say(lang, "qr"));
  qr.append(h("figcaption", {}, link));

  const copyStatus = h("span", { class: "status", role: "status", "aria-live": "polite" });
  const copy = h("button", { type: "button", id: "copy-code" }, say(lang, "copy"));
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(address.display);
      copyStatus.textContent = say(lang, "copied");
    } catch {
      copyStatus.textContent = say(lang, "copyFailed");
    }
  });

  // Share: the phone's share sheet (Web Share API) with the card's link; where there is none
  // (most desktop browsers), the link is copied instead, and the status says which happened.
  const share = h("button", { type: "button", id: "share-card" }, say(lang, "share"));
  share.addEventListener("click", async () => {
    const data = { title: `${address.display} · diachiso`, text: address.formatted.new ?? address.display, url: link };
    if (typeof navigator.share === "function") {
      try {
        await navigator.share(data);
        copyStatus.textContent = say(lang, "shared");
        return;
      } catch (error) {
        // The person closed the sheet: nothing to say. Any other refusal falls back to copying.
        if ((error as DOMException).name === "AbortError") return;
      }
    }
    try {
      await navigator.clipboard.writeText(link);
      copyStatus.textContent = say(lang, "linkCopied");
    } catch {
      copyStatus.textContent = say(lang, "copyFailed");
    }
  });

  const row = (key: Parameters<typeof say>[1], value: string, id: string) =>
    h("div", { class: "row" }, h("dt", {}, say(lang, key)), h("dd", { id }, value));
  const { lat, lon, accuracy_m } = address.location;
  // The map's code is loaded apart from the card's (main.ts does the same on the search page).
  const mapSlot = h("div", { class: "card-map-slot" });
  void import("./map.js").then(async ({ cardMap }) => mapSlot.append(await cardMap(lang, lat, lon, address.new.ward?.code ?? null)));
  return h(
    "section",
    { class: "card", "aria-labelledby": "card-code" },
    h("p", { class: "code-label" }, say(lang, "code")),
    h("h1", { id: "card-code", class: "code", "data-code": address.code }, address.display),
    h("div", { class: "actions" }, copy, share, copyStatus),
    h(
      "dl",
      {},
      ...(address.name ? [h("div", { class: "row" }, h("dt", {}, "—"), h("dd", { id: "card-name" }, address.name))] : []),
      row("addressNew", address.formatted.new ?? "", "card-address-new"),
      ...(address.formatted.old ? [row("addressOld", address.formatted.old, "card-address-old")] : []),
      row("kind", sayValue(lang, "kind", address.kind), "card-kind"),
      row("status", sayValue(lang, "status", address.status), "card-status"),
      row("location", `${lat.toFixed(6)}, ${lon.toFixed(6)}${accuracy_m === null ? "" : ` (± ${accuracy_m} m)`}`, "card-location"),
    ),
    mapSlot,
    qr,
    h("p", {}, h("a", { href: "/" }, say(lang, "backToSearch"))),
  );
}

function notFound(lang: Lang, typed: string, suggestions: readonly string[]): HTMLElement {
  return h(
    "section",
    { class: "card not-found" },
    h("h1", { role: "alert" }, say(lang, "notFound", { code: typed })),
    ...(suggestions.length === 0
      ? []
      : [
          h("p", {}, say(lang, "didYouMean")),
          h(
            "ul",
            { id: "code-suggestions", class: "suggestions" },
            ...suggestions.map((code) => h("li", {}, h("a", { href: `/a/${encodeURIComponent(code.replaceAll("-", ""))}` }, code))),
          ),
        ]),
    h("p", {}, h("a", { href: "/" }, say(lang, "backToSearch"))),
  );
}
