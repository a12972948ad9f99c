/**
 * The web app's build: web/ → dist/web/ (index.html and hashed files under assets/), served by
 * `diachiso serve` (src/api/web-pages.ts). Everything the pages need is bundled: no CDN at run time.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  // Leaflet's package points at its UMD build; its ES module build lets the bundler drop what the maps do not use.
  resolve: { alias: [{ find: /^leaflet$/, replacement: "leaflet/dist/leaflet-src.esm.js" }] },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Inline nothing as data: URLs, so that the page's CSP can stay 'self' for scripts and styles.
    assetsInlineLimit: 0,
  },
});
