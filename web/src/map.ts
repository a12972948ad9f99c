/**
 * The maps (Leaflet): the search page's map and the card's small one. Nothing is fetched from a
 * tile server: the base layers are the shipped boundaries served by this API
 * (`/v1/units/boundaries`): the 34 provinces first, and, once the view is close enough to read
 * them, the communes of the province at its centre. Leaflet rather than MapLibre GL: a seventh of
 * the weight, no WebGL (older phones, headless browsers) and no blob: workers for the CSP to allow
 * (docs/web.md).
 *
 * Loaded on demand (main.ts imports this module dynamically) so that the search box answers
 * before the map's code has arrived.
 */
import * as L from "leaflet";
import "leaflet/dist/leaflet.css";
import { type AreaFeature, boundaryLayer, type ReverseAnswer, reverse, type Suggestion, unitBoundary } from "./api.js";
import { h } from "./dom.js";
import { type Lang, say } from "./i18n.js";

/** Mainland Vietnam, the first view (the islands are on the map, further east). */
const VIETNAM: L.LatLngBoundsExpression = [
  [8.4, 102.1],
  [23.4, 109.5],
];

/** From this zoom on (about 150 m a pixel) the communes of the province at the centre are drawn. */
export const COMMUNE_ZOOM = 10;

/** From this zoom on (about 40 m a pixel) the communes' names are shown. */
const LABEL_ZOOM = 12;

/** A click asks for the addresses within about this many pixels of it (in metres at the zoom of the click). */
const REVERSE_RADIUS_PX = 40;

const PROVINCE_STYLE: L.PathOptions = { color: "#7c7361", weight: 1, fillColor: "#f4f0e6", fillOpacity: 1, interactive: false };
const COMMUNE_STYLE: L.PathOptions = { color: "#a89f8c", weight: 0.7, fill: false, interactive: false };
const HOME_COMMUNE_STYLE: L.PathOptions = { color: "#a3111b", weight: 2, fillColor: "#a3111b", fillOpacity: 0.08, interactive: false };
const RESULT_STYLE: L.CircleMarkerOptions = { radius: 7, color: "#fff", weight: 2, fillColor: "#1d4ed8", fillOpacity: 1 };
const ACTIVE_STYLE: L.CircleMarkerOptions = { radius: 11, color: "#1b1f24", weight: 3, fillColor: "#f2b705", fillOpacity: 1 };

/** Metres covered by `pixels` at a zoom and latitude (Web Mercator, 256 px tiles). */
export function metresForPixels(pixels: number, zoom: number, lat: number): number {
  return (pixels * 156_543.03 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

/** Even-odd test of a [lon, lat] point against one polygon's rings (outer and holes alike). */
function inRings(rings: number[][][], lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Whether a feature (Polygon or MultiPolygon) contains the point. */
function contains(feature: AreaFeature, lat: number, lon: number): boolean {
  const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  return polygons.some((rings) => inRings(rings, lon, lat));
}

/** The base map: no tiles, the sea as the container's background, the provinces drawn on canvas. */
function baseMap(container: HTMLElement, lang: Lang, options: L.MapOptions = {}): L.Map {
  const map = L.map(container, { preferCanvas: true, zoomSnap: 0.5, minZoom: 4, maxZoom: 18, zoomControl: false, ...options });
  // Leaflet's own buttons, named in the page's language.
  L.control.zoom({ zoomInTitle: say(lang, "zoomIn"), zoomOutTitle: say(lang, "zoomOut") }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(say(lang, "mapAttribution"));
  return map;
}

export interface SearchMapOptions {
  lang: Lang;
  /** A result's marker was clicked (or a nearby address in a reverse answer was). */
  onOpen: (code: string) => void;
}

/**
 * The search page's map: the search results as markers (the active one highlighted), and a click
 * anywhere (or Enter on the focused map, at its centre) answers the addresses nearest that point
 * and the units there.
 */
export class SearchMap {
  readonly element: HTMLElement;
  private readonly map: L.Map;
  private readonly lang: Lang;
  private readonly options: SearchMapOptions;
  private readonly results = L.featureGroup();
  /** The results' markers are SVG in a pane of their own, above the boundaries' canvas, so each takes its own clicks. */
  private readonly markerRenderer: L.Renderer;
  private markers: L.CircleMarker[] = [];
  private provinces: AreaFeature[] = [];
  /** Commune layers already fetched, by province: a province visited again is not asked again. */
  private readonly communeLayers = new Map<string, Promise<L.GeoJSON>>();
  private shownCommunes: { province: string; layer: L.GeoJSON } | null = null;
  private readonly status: HTMLElement;
  private clicked: L.CircleMarker | null = null;
  /** Counts the reverse questions asked, so that only the latest one's answer is shown. */
  private asked = 0;
  /** Resolves once the provinces are drawn (tests and screenshots wait for it). */
  readonly ready: Promise<void>;

  constructor(options: SearchMapOptions) {
    this.options = options;
    this.lang = options.lang;
    const canvas = h("div", {
      id: "map",
      class: "map",
      role: "application",
      "aria-roledescription": say(this.lang, "mapRole"),
      "aria-label": say(this.lang, "mapLabel"),
      "aria-describedby": "map-hint",
    });
    this.status = h("p", { id: "map-status", class: "visually-hidden", role: "status", "aria-live": "polite" });
    this.element = h(
      "section",
      { class: "map-section", "aria-label": say(this.lang, "mapLabel") },
      canvas,
      h("p", { id: "map-hint", class: "hint" }, say(this.lang, "mapHint")),
      this.status,
    );
    this.map = baseMap(canvas, this.lang);
    this.map.createPane("results").style.zIndex = "450";
    this.markerRenderer = L.svg({ pane: "results" });
    this.map.fitBounds(VIETNAM, { animate: false });
    this.results.addTo(this.map);
    this.map.on("click", (event: L.LeafletMouseEvent) => void this.reverseAt(event.latlng));
    // Keyboard: Leaflet pans with the arrows and zooms with + and -; Enter asks about the centre.
    canvas.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target === canvas) {
        event.preventDefault();
        void this.reverseAt(this.map.getCenter());
      }
    });
    this.map.on("moveend", () => void this.showCommunes());
    this.map.on("zoomend", () => canvas.classList.toggle("show-labels", this.map.getZoom() >= LABEL_ZOOM));
    this.ready = this.loadProvinces();
  }

  /** Leaflet measures its container: call once the element is in the document (and after the text size changes). */
  attached(): void {
    this.map.invalidateSize();
    // Not animated: a zoom animation still running would put its own target back when it ends.
    this.map.fitBounds(VIETNAM, { animate: false });
  }

  resized(): void {
    this.map.invalidateSize();
  }

  /** Leaflet's listeners (window resize, …) go with it. */
  remove(): void {
    this.map.remove();
  }

  /** The map's own projection of a point to a pixel of its container (tests click there). */
  pixelOf(lat: number, lon: number): { x: number; y: number } {
    const { x, y } = this.map.latLngToContainerPoint([lat, lon]);
    return { x, y };
  }

  zoomTo(lat: number, lon: number, zoom: number): void {
    this.map.stop();
    this.map.setView([lat, lon], zoom, { animate: false });
  }

  /** The search results as markers, the view fitted to them. */
  showResults(suggestions: readonly Suggestion[]): void {
    this.results.clearLayers();
    this.markers = suggestions.map((suggestion) => {
      const marker = L.circleMarker([suggestion.lat, suggestion.lon], { ...RESULT_STYLE, renderer: this.markerRenderer, pane: "results", className: "result-marker" });
      marker.bindTooltip(suggestion.label);
      marker.on("click", (event) => {
        L.DomEvent.stopPropagation(event); // a marker's click is not a click on the map
        if (suggestion.code) this.options.onOpen(suggestion.code);
        else this.map.setView([suggestion.lat, suggestion.lon], Math.max(this.map.getZoom(), 15));
      });
      marker.addTo(this.results);
      marker.getElement()?.setAttribute("data-code", suggestion.code ?? "");
      return marker;
    });
    if (suggestions.length > 0) this.map.fitBounds(this.results.getBounds(), { maxZoom: 15, padding: [24, 24], animate: false });
  }

  /** Highlights the result at `index` (the combobox's active option), -1 for none. */
  highlight(index: number): void {
    this.markers.forEach((marker, i) => {
      marker.setStyle(i === index ? ACTIVE_STYLE : RESULT_STYLE);
      marker.setRadius((i === index ? ACTIVE_STYLE : RESULT_STYLE).radius!);
      marker.getElement()?.classList.toggle("active", i === index);
      if (i === index) {
        marker.bringToFront();
        if (!this.map.getBounds().contains(marker.getLatLng())) this.map.panTo(marker.getLatLng(), { animate: false });
      }
    });
  }

  private async loadProvinces(): Promise<void> {
    this.provinces = await boundaryLayer();
    L.geoJSON(this.provinces as unknown as GeoJSON.Feature[], { style: () => PROVINCE_STYLE }).addTo(this.map).bringToBack();
    this.element.querySelector(".map")?.setAttribute("data-ready", "true");
    await this.showCommunes();
  }

  /** Close enough, the communes of the province at the centre; farther out, none. */
  private async showCommunes(): Promise<void> {
    const center = this.map.getCenter();
    const province = this.map.getZoom() >= COMMUNE_ZOOM ? this.provinces.find((p) => contains(p, center.lat, center.lng)) : undefined;
    const wanted = province?.properties.code ?? null;
    if (this.shownCommunes?.province === wanted) return;
    this.shownCommunes?.layer.remove();
    this.shownCommunes = null;
    if (wanted === null) return;
    let pending = this.communeLayers.get(wanted);
    if (!pending) {
      pending = boundaryLayer(wanted).then((features) =>
        L.geoJSON(features as unknown as GeoJSON.Feature[], {
          style: () => COMMUNE_STYLE,
          // Names at the communes' centres; CSS shows them only from LABEL_ZOOM on (the container's class).
          onEachFeature: (feature, layer) =>
            layer.bindTooltip(String(feature.properties.name), { permanent: true, direction: "center", className: "commune-label", interactive: false }),
        }),
      );
      pending.catch(() => this.communeLayers.delete(wanted)); // asked again on the next move
      this.communeLayers.set(wanted, pending);
    }
    const layer = await pending;
    // The view may have moved on while the layer was on its way.
    const nowCenter = this.map.getCenter();
    const stillWanted = this.map.getZoom() >= COMMUNE_ZOOM && province && contains(province, nowCenter.lat, nowCenter.lng);
    if (!stillWanted || this.shownCommunes) return;
    layer.addTo(this.map);
    this.element.querySelector(".map")?.setAttribute("data-communes", wanted);
    this.shownCommunes = { province: wanted, layer };
  }

  /** Asks for the addresses nearest a point and the units there, and shows them in a popup. */
  async reverseAt(at: L.LatLng): Promise<void> {
    const mine = ++this.asked;
    this.clicked?.remove();
    this.clicked = L.circleMarker(at, { radius: 5, color: "#a3111b", weight: 2, fillOpacity: 0, interactive: false }).addTo(this.map);
    const radius = Math.min(5000, Math.max(50, metresForPixels(REVERSE_RADIUS_PX, this.map.getZoom(), at.lat)));
    let content: HTMLElement;
    try {
      const answer = await reverse(at.lat, at.lng, radius);
      if (mine !== this.asked) return;
      content = this.reverseContent(answer, radius);
    } catch (error) {
      if (mine !== this.asked) return;
      content = h("div", { id: "reverse-answer", class: "reverse" }, h("p", { role: "alert" }, say(this.lang, "reverseFailed", { why: (error as Error).message })));
    }
    this.status.textContent = content.dataset.summary ?? content.textContent ?? "";
    L.popup({ maxWidth: 280, autoPanPadding: [16, 16] }).setLatLng(at).setContent(content).openOn(this.map);
  }

  private reverseContent(answer: ReverseAnswer, radiusM: number): HTMLElement {
    const { lang } = this;
    const units = answer.units;
    const place = units?.commune ? `${units.commune.name}, ${units.province?.name ?? ""}` : say(lang, "outsideCommunes");
    const nearest = answer.nearest;
    const list =
      nearest.length === 0
        ? h("p", { class: "none" }, say(lang, "noAddressNear", { m: Math.round(radiusM) }))
        : h(
            "ol",
            { class: "nearest" },
            ...nearest.map((address) =>
              h(
                "li",
                { "data-code": address.code ?? "" },
                address.code ? h("a", { href: `/a/${encodeURIComponent(address.code)}` }, address.label) : address.label,
                h("span", { class: "distance" }, ` · ${say(lang, "metres", { m: Math.round(address.distance_m) })}`),
              ),
            ),
          );
    const old = units?.old ?? [];
    const content = h(
      "div",
      { id: "reverse-answer", class: "reverse" },
      h("p", { class: "place" }, h("strong", { id: "reverse-commune" }, place)),
      ...(old.length === 0
        ? []
        : [
            h(
              "p",
              { class: "old", id: "reverse-old" },
              `${say(lang, "formedFrom")} `,
              old
                .slice(0, 3)
                .map((unit) => [unit.ward?.name, unit.district?.name, unit.province.name].filter(Boolean).join(", "))
                .join("; "),
              old.length > 3 ? ` ${say(lang, "andMore", { n: old.length - 3 })}` : "",
            ),
          ]),
      h("p", { class: "nearest-title" }, say(lang, "nearestAddresses")),
      list,
    );
    content.dataset.summary = nearest[0]
      ? `${place}. ${say(lang, "nearestAddresses")} ${nearest[0].label}, ${say(lang, "metres", { m: Math.round(nearest[0].distance_m) })}`
      : place;
    // The links open cards as the page's other links do; the map's own click handler must not see them.
    L.DomEvent.disableClickPropagation(content);
    return content;
  }
}

/**
 * The card's small map: the address's point inside its commune's outline, the view fitted to the
 * commune. Panning and zooming work, but the wheel does not zoom (the page scrolls past it).
 */
export async function cardMap(lang: Lang, lat: number, lon: number, communeCode: string | null): Promise<HTMLElement> {
  const canvas = h("div", { id: "card-map", class: "map map-small", role: "img", "aria-label": say(lang, "cardMapLabel") });
  const map = baseMap(canvas, lang, { scrollWheelZoom: false, keyboard: false });
  map.setView([lat, lon], 15);
  const point = L.circleMarker([lat, lon], { ...ACTIVE_STYLE, renderer: L.svg(), className: "card-marker", interactive: false });
  point.addTo(map);
  const place = async () => {
    map.invalidateSize();
    try {
      const [provinces, commune] = await Promise.all([boundaryLayer(), communeCode ? unitBoundary(communeCode) : Promise.resolve(null)]);
      L.geoJSON(provinces as unknown as GeoJSON.Feature[], { style: () => PROVINCE_STYLE }).addTo(map).bringToBack();
      if (commune) {
        const outline = L.geoJSON(commune as unknown as GeoJSON.Feature, { style: () => HOME_COMMUNE_STYLE }).addTo(map);
        map.fitBounds(outline.getBounds(), { padding: [12, 12], maxZoom: 16, animate: false });
        canvas.setAttribute("data-commune", commune.properties.code ?? communeCode ?? "");
      }
      point.bringToFront();
    } catch {
      // The point alone still says where the address is.
    }
    canvas.dataset.ready = "true";
  };
  // Leaflet needs the element's size: wait until the card is in the document.
  const watch = new ResizeObserver(() => {
    if (canvas.clientWidth === 0) return;
    watch.disconnect();
    void place();
  });
  watch.observe(canvas);
  return canvas;
}
