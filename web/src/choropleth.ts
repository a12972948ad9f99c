/**
 * The dashboard's choropleth: units' polygons (the API's simplified GeoJSON) drawn as inline SVG,
 * each filled by the class of its share. No map library: a country or a province drawn once at a
 * fixed size needs no tiles, zoom or panning, only a projection, which here is the plane where a
 * degree of longitude is as long as at the middle latitude (equirectangular; at Vietnam's
 * latitudes, and at this size, indistinguishable from Mercator).
 *
 * For assistive technology the map is one image with a name (role=img); the table beside it holds
 * the same numbers and the drill-down buttons.
 */
import type { BoundaryFeature } from "./operators-api.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Upper bounds of the classes (shares 0…1) and their fills: ColorBrewer YlGn, 5 classes (colour-blind safe, prints in grey). */
export const CLASSES = [
  { below: 0.2, fill: "#ffffcc" },
  { below: 0.4, fill: "#c2e699" },
  { below: 0.6, fill: "#78c679" },
  { below: 0.8, fill: "#31a354" },
  { below: Number.POSITIVE_INFINITY, fill: "#006837" },
] as const;
export const NO_RECORDS_FILL = "#d1d5db";

/** The fill of a share (null: the unit has no records). */
export function fillOf(share: number | null): string {
  if (share === null) return NO_RECORDS_FILL;
  return CLASSES.find((c) => share < c.below)!.fill;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

function polygonsOf(feature: BoundaryFeature): number[][][][] {
  return feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
}

/** Drawing width in SVG units; the height follows the features' shape. */
const WIDTH = 1000;

export interface ChoroplethOptions {
  features: BoundaryFeature[];
  /** Each unit's share and its words for the tooltip; a unit absent has no records. */
  shareOf: (code: string) => number | null;
  tooltip: (feature: BoundaryFeature) => string;
  /** The map's accessible name. */
  label: string;
  /** Called with a unit's code when it is clicked (absent: the units are not clickable). */
  onPick?: (code: string) => void;
}

export function choropleth(options: ChoroplethOptions): SVGSVGElement {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of options.features)
    for (const polygon of polygonsOf(feature))
      for (const [lon, lat] of polygon[0]) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
  const lonScale = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = WIDTH / Math.max((maxLon - minLon) * lonScale, 1e-9);
  const height = Math.max((maxLat - minLat) * scale, 1);
  const x = (lon: number) => ((lon - minLon) * lonScale * scale).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * scale).toFixed(1);

  const map = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${Math.ceil(height)}`,
    class: "choropleth",
    role: "img",
    "aria-label": options.label,
    preserveAspectRatio: "xMidYMid meet",
  });
  for (const feature of options.features) {
    const { code } = feature.properties;
    const share = options.shareOf(code);
    const d = polygonsOf(feature)
      .flatMap((polygon) => polygon.map((ring) => `M${ring.map(([lon, lat]) => `${x(lon)},${y(lat)}`).join("L")}Z`))
      .join("");
    const path = svg("path", { d, fill: fillOf(share), "fill-rule": "evenodd", "data-code": code, "data-share": share === null ? "" : share.toFixed(4) });
    const title = svg("title");
    title.textContent = options.tooltip(feature);
    path.append(title);
    if (options.onPick) {
      path.classList.add("pickable");
      path.addEventListener("click", () => options.onPick!(code));
    }
    map.append(path);
  }
  return map;
}
