/**
 * The operators' dashboard (/dashboard, /dashboard?province=01): the survey funnel per province,
 * or per commune of one province, read from the API's report (`/v1/report`, the numbers
 * `diachiso report` prints); a choropleth of the share complete (or beyond) or official, drawn from
 * `/v1/units/boundaries`; the top reasons records are incomplete; the report's CSV.
 * A province is opened from the map or the table; the province is in the URL, so the back button
 * and a reload keep it.
 */
import { CLASSES, choropleth, NO_RECORDS_FILL } from "./choropleth.js";
import { h } from "./dom.js";
import type { Lang } from "./i18n.js";
import { keyGate } from "./key-gate.js";
import {
  attachmentName,
  authorization,
  type BoundaryFeature,
  boundaries,
  type Counters,
  type FunnelReport,
  type KeyInfo,
  report,
  reportQuery,
  NOTICE_COLUMNS,
  STAGES,
  saveBlob,
} from "./operators-api.js";
import { count, type OperatorWord, percent, sayOp } from "./operators-i18n.js";

type Metric = "complete" | "official";

/** The share the map shows: complete or any later stage (the report CSV's complete_share), or official. */
export function shareOf(counters: Counters, metric: Metric): number | null {
  if (counters.total === 0) return null;
  const reached = metric === "official" ? counters.official : counters.total - counters.surveyed - counters.rejected;
  return reached / counters.total;
}

const OPERATOR_ROLES = ["operator", "admin"];

export function dashboardPage(lang: Lang): Promise<HTMLElement> {
  return keyGate({
    lang,
    hint: "keyHintDashboard",
    admits: (info) => OPERATOR_ROLES.includes(info.role),
    forWhom: OPERATOR_ROLES.join(", "),
    open: (key, info, forget) => dashboardView(lang, key, info, forget),
  });
}

function provinceInUrl(): string | null {
  const province = new URLSearchParams(location.search).get("province");
  return province !== null && /^[0-9]{2}$/.test(province) ? province : null;
}

async function dashboardView(lang: Lang, key: string, info: KeyInfo, forget: HTMLElement): Promise<HTMLElement> {
  const view = h("section", { class: "dashboard", "aria-labelledby": "dashboard-title" });
  let metric: Metric = "complete";

  const show = async (province: string | null): Promise<void> => {
    view.setAttribute("aria-busy", "true");
    try {
      const [funnel, shapes] = await Promise.all([report(key, province), boundaries(key, province)]);
      view.replaceChildren(...drawn(funnel, shapes.features));
    } catch (error) {
      view.replaceChildren(h("p", { class: "problem", role: "alert" }, sayOp(lang, "requestFailed", { why: (error as Error).message })));
    }
    view.removeAttribute("aria-busy");
  };
  const open = (province: string | null) => {
    history.pushState(null, "", province === null ? "/dashboard" : `/dashboard?province=${province}`);
    void show(province).then(() => document.getElementById("dashboard-title")?.focus());
  };

  const drawn = (funnel: FunnelReport, features: BoundaryFeature[]): HTMLElement[] => {
    const province = funnel.province?.code ?? null;
    const byCode = new Map(funnel.units.map((unit) => [unit.code, unit]));
    const scope = funnel.province?.name ?? sayOp(lang, "country");
    const levelWord: OperatorWord = province === null ? "levelProvince" : "levelCommune";

    const header = h(
      "div",
      { class: "dashboard-head" },
      h("h1", { id: "dashboard-title", tabindex: "-1" }, `${sayOp(lang, "dashboardTitle")}: ${scope}`),
      h("p", { class: "hint" }, sayOp(lang, "signedInAs", { name: info.name, role: info.role }), " ", forget),
    );
    const crumbs = h("nav", { "aria-label": sayOp(lang, "breadcrumb"), class: "crumbs" });
    if (province !== null) {
      const back = h("button", { type: "button", id: "back-to-country", class: "link-button" }, sayOp(lang, "backToCountry"));
      back.addEventListener("click", () => open(null));
      crumbs.append(back);
    } else crumbs.append(h("span", {}, sayOp(lang, "mapHint")));

    const summary = h("dl", { class: "funnel-summary", id: "funnel-summary" });
    for (const stage of ["total", ...STAGES] as const) {
      const word: OperatorWord = stage === "total" ? "total" : `stage.${stage}`;
      summary.append(
        h("div", { class: "funnel-step" }, h("dt", {}, sayOp(lang, word)), h("dd", { id: `sum-${stage}`, "data-value": String(funnel.total[stage]) }, count(lang, funnel.total[stage]))),
      );
    }

    // The map and its legend, drawn again when the metric changes.
    const figure = h("figure", { class: "map" });
    const drawMap = () => {
      const metricWords = sayOp(lang, `metric.${metric}`);
      const map = choropleth({
        features,
        shareOf: (code) => {
          const unit = byCode.get(code);
          return unit ? shareOf(unit, metric) : null;
        },
        tooltip: (feature) => {
          const unit = byCode.get(feature.properties.code);
          const share = unit ? shareOf(unit, metric) : null;
          return `${feature.properties.full_name}: ${share === null ? sayOp(lang, "noRecords") : `${percent(lang, share)} (${count(lang, unit!.total)})`}`;
        },
        label: sayOp(lang, "mapLabel", { metric: metricWords.toLowerCase(), scope }),
        onPick: province === null ? (code) => open(code) : undefined,
      });
      figure.replaceChildren(map, legend(lang, metricWords));
    };
    drawMap();

    const metricSwitch = h("fieldset", { class: "metric" }, h("legend", {}, sayOp(lang, "metricLabel")));
    for (const value of ["complete", "official"] as const) {
      const id = `metric-${value}`;
      const radio = h("input", { type: "radio", name: "metric", id, value });
      radio.checked = metric === value;
      radio.addEventListener("change", () => {
        metric = value;
        drawMap();
      });
      metricSwitch.append(h("span", { class: "choice" }, radio, h("label", { for: id }, sayOp(lang, `metric.${value}`))));
    }

    const table = funnelTable(lang, funnel, sayOp(lang, "tableCaption", { level: sayOp(lang, levelWord), scope }), province === null ? open : null);

    const reasons = h("section", { class: "reasons", "aria-labelledby": "reasons-title" }, h("h2", { id: "reasons-title" }, sayOp(lang, "reasonsTitle")));
    if (funnel.reasons.length === 0) reasons.append(h("p", {}, sayOp(lang, "reasonsNone")));
    else {
      const list = h("ol", { id: "reasons" });
      for (const reason of funnel.reasons)
        list.append(
          h(
            "li",
            { "data-rule": reason.rule, "data-count": String(reason.count) },
            h("span", { class: "reason" }, reason.message?.[lang] ?? reason.rule),
            h("span", { class: "meta" }, sayOp(lang, "reasonLine", { count: count(lang, reason.count), share: percent(lang, reason.share) })),
          ),
        );
      reasons.append(list);
    }

    const exportStatus = h("span", { class: "status", role: "status", "aria-live": "polite" });
    const exportButton = h("button", { type: "button", id: "export-csv" }, sayOp(lang, "exportCsv"));
    exportButton.addEventListener("click", async () => {
      try {
        const response = await fetch(`/v1/report?${reportQuery(province)}&format=csv`, { headers: authorization(key) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const file = attachmentName(response.headers.get("content-disposition"), "report.csv");
        saveBlob(await response.blob(), file);
        exportStatus.textContent = sayOp(lang, "exported", { file });
      } catch (error) {
        exportStatus.textContent = sayOp(lang, "requestFailed", { why: (error as Error).message });
      }
    });

    const notices = funnel.notifications
      ? h(
          "section",
          { class: "notices", "aria-labelledby": "notices-title" },
          h("h2", { id: "notices-title" }, sayOp(lang, "notificationsTitle")),
          noticeTable(lang, funnel.notifications, sayOp(lang, "notificationsCaption", { level: sayOp(lang, levelWord), scope })),
        )
      : null;

    return [
      header,
      crumbs,
      summary,
      h("p", { class: "hint" }, sayOp(lang, "stageNotes")),
      metricSwitch,
      h("div", { class: "map-and-table" }, figure, table),
      ...(notices ? [notices] : []),
      reasons,
      h("div", { class: "actions" }, exportButton, exportStatus),
    ];
  };

  await show(provinceInUrl());
  return view;
}

function legend(lang: Lang, metricWords: string): HTMLElement {
  const items = h("ul", { class: "legend-items" });
  let from = 0;
  for (const { below, fill } of CLASSES) {
    const to = Number.isFinite(below) ? below : 1;
    items.append(h("li", {}, swatch(fill), `${Math.round(from * 100)}–${Math.round(to * 100)} %`));
    from = to;
  }
  items.append(h("li", {}, swatch(NO_RECORDS_FILL), sayOp(lang, "noRecords")));
  return h("figcaption", { class: "legend" }, h("span", { class: "legend-title" }, `${sayOp(lang, "legend")}: ${metricWords}`), items);
}

function swatch(fill: string): HTMLElement {
  const box = h("span", { class: "swatch", "aria-hidden": "true" });
  box.style.background = fill;
  return box;
}

/** The report as a table: one row per unit (a province's name opens it), and the total. */
/** Notifications and owners' answers per unit: a row per unit that has any, and the total. */
function noticeTable(lang: Lang, notices: NonNullable<FunnelReport["notifications"]>, caption: string): HTMLElement {
  const head = h("tr", {}, h("th", { scope: "col" }, caption.split(":")[0]));
  for (const column of NOTICE_COLUMNS) head.append(h("th", { scope: "col" }, sayOp(lang, `notice.${column}`)));
  const body = h("tbody");
  for (const unit of notices.units) {
    const row = h("tr", { "data-code": unit.code }, h("th", { scope: "row" }, unit.name));
    for (const column of NOTICE_COLUMNS) row.append(h("td", { "data-column": column }, count(lang, unit[column])));
    body.append(row);
  }
  const total = h("tr", { class: "total" }, h("th", { scope: "row" }, sayOp(lang, "total")));
  for (const column of NOTICE_COLUMNS) total.append(h("td", { "data-column": column }, count(lang, notices.total[column])));
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h("table", { id: "notice-table", class: "figures" }, h("caption", {}, caption), h("thead", {}, head), body, h("tfoot", {}, total)),
  );
}

function funnelTable(lang: Lang, funnel: FunnelReport, caption: string, open: ((province: string) => void) | null): HTMLElement {
  const columns = ["total", ...STAGES] as const;
  const head = h("tr", {}, h("th", { scope: "col" }, sayOp(lang, funnel.by === "province" ? "unitProvince" : "unitCommune")));
  for (const column of columns) head.append(h("th", { scope: "col" }, sayOp(lang, column === "total" ? "total" : `stage.${column}`)));
  head.append(h("th", { scope: "col" }, sayOp(lang, "share")));
  const body = h("tbody");
  for (const unit of funnel.units) {
    let name: HTMLElement | string = unit.name;
    if (open) {
      const button = h("button", { type: "button", class: "link-button", "aria-label": sayOp(lang, "openProvince", { name: unit.name }) }, unit.name);
      button.addEventListener("click", () => open(unit.code));
      name = button;
    }
    const row = h("tr", { "data-code": unit.code }, h("th", { scope: "row" }, name));
    for (const column of columns) row.append(h("td", { "data-column": column }, count(lang, unit[column])));
    const share = shareOf(unit, "complete");
    row.append(h("td", {}, share === null ? "–" : percent(lang, share)));
    body.append(row);
  }
  const total = h("tr", { class: "total" }, h("th", { scope: "row" }, sayOp(lang, "total")));
  for (const column of columns) total.append(h("td", { "data-column": column }, count(lang, funnel.total[column])));
  const share = shareOf(funnel.total, "complete");
  total.append(h("td", {}, share === null ? "–" : percent(lang, share)));
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h("table", { id: "funnel-table" }, h("caption", {}, caption), h("thead", {}, head), body, h("tfoot", {}, total)),
  );
}
