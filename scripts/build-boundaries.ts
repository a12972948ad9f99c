/**
 * Builds data/boundaries/communes.v1.bin, the commune polygons the product reads at run time, from
 * the simplified TopoJSON (data/boundaries/vn3321_wards_2025_s12.topo.json, object `wards`), so that
 * nothing parses TopoJSON or stitches arcs when a user asks where a point is.
 *
 * Run from the repository root:  npx tsc -p . && node dist/scripts/build-boundaries.js [topojson] [out]
 *
 * Per commune it stores the code, the province code, the rings in integer micro-degrees and an
 * interior label point: the area centroid when it lies inside the commune (3,284 of 3,321), else the
 * polylabel pole of inaccessibility of its largest part (a concave or multi-part commune's centroid
 * can lie in a neighbour or at sea). The script then reloads the file and fails unless every label
 * point is located, exactly, in its own commune.
 *
 * The 34 province polygons (vn34_provinces_2025.geojson) are not used: a commune's province is part
 * of its record, and the unsimplified province outlines would disagree with the simplified communes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
// @ts-expect-error polylabel 2.x ships no type declarations; its one function is typed below.
import polylabelUntyped from "polylabel";
import { feature } from "topojson-client";
import type { FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import type { Topology } from "topojson-specification";
import { loadBoundaries } from "../src/units/boundaries.js";
import { type CommuneRecord, encodeBoundaries, MICRO } from "../src/units/boundaries-format.js";
import { pointInRings } from "../src/units/point-in-polygon.js";

const polylabel = polylabelUntyped as (polygon: number[][][], precision?: number) => [number, number];

/** 1e-5° ≈ 1 m: finer than the source's 1.7 m grid, so more precision would only cost build time. */
const LABEL_PRECISION_DEGREES = 1e-5;

const root = fileURLToPath(new URL("../../", import.meta.url));
const sourcePath = process.argv[2] ?? `${root}data/boundaries/vn3321_wards_2025_s12.topo.json`;
const outPath = process.argv[3] ?? `${root}data/boundaries/communes.v1.bin`;

interface WardProperties {
  code: string;
  provinceCode: string;
}

function main(): void {
  const started = performance.now();
  const topology = JSON.parse(readFileSync(sourcePath, "utf8")) as Topology;
  const wards = topology.objects.wards;
  if (!wards) throw new Error(`${sourcePath}: no TopoJSON object "wards".`);
  const collection = feature(topology, wards) as unknown as FeatureCollection<
    Polygon | MultiPolygon,
    WardProperties
  >;

  const communes: CommuneRecord[] = [];
  const seen = new Set<string>();
  let droppedRings = 0;
  let centroidsOutside = 0;
  for (const [n, ward] of collection.features.entries()) {
    const { code, provinceCode } = ward.properties ?? ({} as WardProperties);
    const where = `${sourcePath}: feature ${n} (code ${JSON.stringify(code)})`;
    if (!ward.geometry) throw new Error(`${where} has no geometry.`);
    if (seen.has(code)) throw new Error(`${where} repeats a code.`);
    seen.add(code);
    const polygons =
      ward.geometry.type === "Polygon" ? [ward.geometry.coordinates] : ward.geometry.coordinates;

    const parts: number[][][] = [];
    for (const polygon of polygons) {
      const rings: number[][] = [];
      for (const [r, ring] of polygon.entries()) {
        const flat = toMicrodegrees(ring);
        if (flat.length >= 6) rings.push(flat);
        else if (r === 0)
          break; // an outer ring that collapsed drops its holes with it
        else droppedRings++;
      }
      if (rings.length > 0) parts.push(rings);
      else droppedRings++;
    }
    if (parts.length === 0) throw new Error(`${where}: every ring collapsed when rounded to micro-degrees.`);

    const ringOffsets = (rings: number[][]): Uint32Array => {
      const offsets = new Uint32Array(rings.length + 1);
      rings.forEach((ring, i) => {
        offsets[i + 1] = offsets[i] + ring.length / 2;
      });
      return offsets;
    };
    const allRings = parts.flat();
    const allPoints = Int32Array.from(allRings.flat());
    const allOffsets = ringOffsets(allRings);
    const inside = ([x, y]: [number, number]) =>
      pointInRings(allPoints, allOffsets, 0, allRings.length, x, y);

    // The centroid when it lies inside (so the label-point test is the centroid test wherever it
    // can be), else polylabel's pole of inaccessibility of the largest part, then of the others.
    const centroid = centroidOf(parts);
    let label: [number, number] | undefined = centroid;
    if (!inside(centroid)) {
      centroidsOutside++;
      const byArea = [...parts].sort((a, b) => Math.abs(ringArea(b[0])) - Math.abs(ringArea(a[0])));
      label = byArea.map(poleOfInaccessibility).find(inside);
    }
    if (!label) throw new Error(`${where}: found no interior label point.`);

    communes.push({ code, provinceCode, label, parts });
  }

  const bytes = encodeBoundaries(communes);
  writeFileSync(outPath, bytes);

  // Check the artefact as the product will read it.
  const boundaries = loadBoundaries(outPath);
  const misplaced: string[] = [];
  for (const code of boundaries.codes) {
    const { lat, lon } = boundaries.labelPoint(code)!;
    const found = boundaries.locate(lat, lon, 0);
    if (found?.code !== code) misplaced.push(`${code} → ${found?.code ?? "nothing"}`);
  }
  const points = communes.reduce((sum, c) => sum + c.parts.flat().reduce((s, r) => s + r.length / 2, 0), 0);
  console.log(
    [
      `wrote ${outPath}: ${bytes.length.toLocaleString("en")} bytes, ${communes.length} communes, ` +
        `${points.toLocaleString("en")} points`,
      `rings dropped (collapsed when rounded): ${droppedRings}`,
      `communes whose centroid lies outside them (label point = pole of inaccessibility): ${centroidsOutside}`,
      `label points not located in their own commune: ${misplaced.length}${misplaced.length ? ` (${misplaced.join(", ")})` : ""}`,
      `took ${Math.round(performance.now() - started)} ms`,
    ].join("\n"),
  );
  if (misplaced.length > 0) process.exit(1);
}

/** polylabel's pole of inaccessibility of one part, in integer micro-degrees. */
function poleOfInaccessibility(part: number[][]): [number, number] {
  const degrees = part.map((ring) => unflatten(ring).map(([x, y]) => [x / MICRO, y / MICRO]));
  const [lon, lat] = polylabel(degrees, LABEL_PRECISION_DEGREES);
  return [Math.round(lon * MICRO), Math.round(lat * MICRO)];
}

/** GeoJSON ring in degrees → flat open ring in integer micro-degrees, without repeated points. */
function toMicrodegrees(ring: Position[]): number[] {
  const flat: number[] = [];
  for (const [lon, lat] of ring) {
    const x = Math.round(lon * MICRO);
    const y = Math.round(lat * MICRO);
    const last = flat.length - 2;
    if (last >= 0 && flat[last] === x && flat[last + 1] === y) continue;
    flat.push(x, y);
  }
  if (flat.length >= 4 && flat[0] === flat[flat.length - 2] && flat[1] === flat[flat.length - 1]) {
    flat.length -= 2; // stored open: the reader closes every ring itself
  }
  return flat;
}

function unflatten(ring: number[]): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < ring.length; i += 2) points.push([ring[i], ring[i + 1]]);
  points.push([ring[0], ring[1]]);
  return points;
}

/** Signed shoelace area of an open flat ring (units²; the sign gives the orientation). */
function ringArea(ring: number[]): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    twice += ring[j] * ring[i + 1] - ring[i] * ring[j + 1];
  }
  return twice / 2;
}

/** Area-weighted centroid over all rings (holes subtract), computed relative to the first point to keep precision. */
function centroidOf(parts: number[][][]): [number, number] {
  const ox = parts[0][0][0];
  const oy = parts[0][0][1];
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const part of parts) {
    for (const [r, ring] of part.entries()) {
      // Outer rings add and holes subtract whatever their stored orientation.
      const sign = Math.sign(ringArea(ring)) * (r === 0 ? 1 : -1);
      for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
        const x0 = ring[j] - ox;
        const y0 = ring[j + 1] - oy;
        const x1 = ring[i] - ox;
        const y1 = ring[i + 1] - oy;
        const cross = (x0 * y1 - x1 * y0) * sign;
        area += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
      }
    }
  }
  return [Math.round(ox + cx / (3 * area)), Math.round(oy + cy / (3 * area))];
}

main();
