/**
 * The larger-text switch: the whole page's text (and so everything sized in rem) a quarter larger,
 * kept in the browser like the language. A toggle button (aria-pressed) in the header.
 */
const STORAGE_KEY = "diachiso.textSize";
const LARGE_CLASS = "large-text";

export function initialLargeText(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === "large";
  } catch {
    return false; // storage refused (private mode): the default size
  }
}

/** Applies the size to <html> and keeps the choice (the page still switches when storage is refused). */
export function applyLargeText(large: boolean): void {
  document.documentElement.classList.toggle(LARGE_CLASS, large);
  try {
    localStorage.setItem(STORAGE_KEY, large ? "large" : "normal");
  } catch {
    // not kept
  }
}
