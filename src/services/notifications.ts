/**
 * Owner notification as every door asks for it: deliver the queued notifications through one
 * channel (the delivery loop is `notify/`), the states per unit for the report, the dead letters.
 * The channel's settings come typed from the door (flags, environment); this service checks them
 * and refuses, naming the setting, what cannot work.
 */
import { ownerLinkKey } from "../domain/owner-link.js";
import type { DeliverySummary } from "../notify/deliverer.js";
import { checkPublicUrl } from "../notify/message.js";
import { OutboxThread } from "../notify/outbox-thread.js";
import { parseStoreLocation } from "../store/open.js";
import { type DeadLetter, NOTIFICATION_STATES, type NotificationState } from "../store/store.js";
import { loadRegistry, type UnitRegistry } from "../units/registry.js";
import { ServiceError } from "./errors.js";
import { channelOf, type DeliveryRequest, deliverThrough } from "./notify-channels.js";
import { deliverSideBySide } from "./notify-threads.js";
import type { StoreAccess } from "./stores.js";

export type { DeliverySummary } from "../notify/deliverer.js";

export { CHANNELS, type ChannelName, type ChannelSettings, type DeliveryRequest } from "./notify-channels.js";

/** The owners' answers the report counts beside the notifications: records in these statuses now. */
export const OWNER_ANSWERS = ["confirmed", "correction-requested"] as const;
export type OwnerAnswerStatus = (typeof OWNER_ANSWERS)[number];
type NotificationColumns = Record<NotificationState | OwnerAnswerStatus, number>;

/** Notifications of one unit by state, and its records the owners confirmed or asked to correct. */
export type NotificationStates = { code: string; name: string } & NotificationColumns;

export interface NotificationReport {
  by: "province" | "ward";
  units: NotificationStates[];
  total: NotificationColumns;
}

/** What a delivery run did, and how it ran. */
export interface DeliveryRun extends DeliverySummary {
  /** Whether the store's side ran in a thread of its own (`DeliveryRequest.storeThread`). */
  storeThread: boolean;
}

/**
 * Whether a run puts the store's side (claims, records, messages, settles) in a thread of its own:
 * as the request says; by default, for one deliverer handing over to SMS, Zalo or e-mail from an
 * SQLite file, where the store's work runs in this process and a second core takes it while this
 * thread runs the channel's client (docs/benchmarks.md, Notification, session 28). Not by default
 * for the file channel, whose hand-over (a CSV line) is too light to run beside the store's work;
 * over PostgreSQL, whose writes run in the server (not measured there); for deliverers side by
 * side, which are threads already; nor for an SQLite `:memory:` store, which a second connection
 * would not see.
 */
export function runsStoreThread(request: Pick<DeliveryRequest, "channel" | "storeThread" | "deliverers">, location: string): boolean {
  if (request.storeThread !== undefined) return request.storeThread;
  if (request.channel === "file" || (request.deliverers ?? 1) > 1) return false;
  const parsed = parseStoreLocation(location);
  return parsed.backend === "sqlite" && parsed.path !== ":memory:";
}

export class NotificationService {
  constructor(
    private readonly stores: StoreAccess,
    private readonly registry?: UnitRegistry,
  ) {}

  /** Delivers due notifications through one channel; answers what happened. */
  async deliver(request: DeliveryRequest): Promise<DeliveryRun> {
    let publicUrl: string;
    try {
      publicUrl = checkPublicUrl(request.publicUrl);
    } catch (error) {
      throw new ServiceError("bad-request", (error as Error).message, "publicUrl");
    }
    const deliverers = request.deliverers ?? 1;
    if (!Number.isInteger(deliverers) || deliverers < 1) throw new ServiceError("bad-request", `deliverers are counted from 1, got ${deliverers}`, "deliverers");
    const concurrency = request.concurrency ?? DEFAULT_CONCURRENCY;
    if (deliverers > 1 && request.channel === "file") {
      throw new ServiceError("bad-request", "the file channel runs one deliverer: each commune's CSV and PDF are written by one hand", "deliverers");
    }
    if (deliverers > concurrency) {
      throw new ServiceError("bad-request", `${deliverers} deliverers need at least as many hand-overs in flight, got ${concurrency}`, "concurrency");
    }
    const channel = await channelOf(request);
    let linkKey: Buffer;
    try {
      // Opened first: a missing or refused store is told as it is (its error's kind intact, not as a
      // thread's failure), before its key is read, which beside a store file would make the file.
      await this.stores.withStore({ use: "write" }, async () => undefined);
      linkKey = ownerLinkKey(this.stores.personalDataKey());
    } catch (error) {
      await channel.close();
      throw error;
    }
    const storeThread = runsStoreThread(request, this.stores.location);
    const checked = { ...request, publicUrl, concurrency, storeThread };
    if (deliverers > 1) {
      // The settings are checked above (a channel is built and dropped); each thread builds its own.
      await channel.close();
      return { ...(await deliverSideBySide(this.stores.location, checked, linkKey, deliverers)), storeThread };
    }
    const registry = this.registry ?? loadRegistry();
    try {
      if (!storeThread) {
        const summary = await this.stores.withStore({ use: "write" }, (store) => deliverThrough(store, channel, checked, linkKey, registry));
        return { ...summary, storeThread };
      }
      const outbox = await OutboxThread.open(this.stores.location, { linkKey, publicUrl });
      try {
        return { ...(await deliverThrough(outbox, channel, checked, linkKey, registry)), storeThread };
      } finally {
        await outbox.close();
      }
    } finally {
      await channel.close();
    }
  }

  /**
   * Notification states per new province or commune ("ward"), from the counts the store keeps;
   * with `province`, that province's only (the report's drill-down).
   */
  async report(by: "province" | "ward", province?: string): Promise<NotificationReport> {
    const registry = this.registry ?? loadRegistry();
    const [counts, statuses] = await this.stores.withStore({ use: "read" }, (store) =>
      Promise.all([store.notificationCounts(province), store.countsByCommuneAndStatus(province)]),
    );
    const empty = () => Object.fromEntries([...NOTIFICATION_STATES, ...OWNER_ANSWERS].map((s) => [s, 0])) as NotificationColumns;
    const units = new Map<string, NotificationStates>();
    const total = empty();
    const add = (c: { province: string; commune: string; count: number }, column: keyof NotificationColumns) => {
      const code = by === "province" ? c.province : c.commune;
      let unit = units.get(code);
      if (!unit) {
        unit = { code, name: registry.get("new", code)?.fullName ?? code, ...empty() };
        units.set(code, unit);
      }
      unit[column] += c.count;
      total[column] += c.count;
    };
    for (const c of counts) add(c, c.state);
    for (const c of statuses) if ((OWNER_ANSWERS as readonly string[]).includes(c.status)) add(c, c.status as OwnerAnswerStatus);
    return { by, units: [...units.values()].sort((a, b) => a.code.localeCompare(b.code)), total };
  }

  async deadLetters(options: { after?: number; limit?: number; province?: string } = {}): Promise<DeadLetter[]> {
    return this.stores.withStore({ use: "read" }, (store) => store.deadLetters(options));
  }
}

/** Hand-overs in flight at once when the request does not say. */
const DEFAULT_CONCURRENCY = 16;

/** The report's notification table, for a terminal. */
export function notificationReportText(report: NotificationReport): string {
  const fmt = (n: number) => n.toLocaleString("en-US");
  const columns = [...NOTIFICATION_STATES, ...OWNER_ANSWERS];
  const header = ["code", "unit", ...columns];
  const rows = report.units.map((u) => [u.code, u.name, ...columns.map((s) => fmt(u[s]))]);
  rows.push(["", "TOTAL", ...columns.map((s) => fmt(report.total[s]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return `Owner notifications (thông báo chủ hộ):\n${[line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n")}\n`;
}
