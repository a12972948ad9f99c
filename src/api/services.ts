/**
 * The services a server's routes call, made once per server over the one store it keeps open
 * (`sharedStore`), and the search session once its index is loaded: until then a search route
 * answers 503 and `/readyz` says not ready.
 */
import { AccessService } from "../services/access.js";
import { CodeService } from "../services/codes.js";
import { ServiceError } from "../services/errors.js";
import { OwnerService } from "../services/owner.js";
import { RecordService } from "../services/records.js";
import { ReportService } from "../services/reports.js";
import type { SearchSession } from "../services/search.js";
import type { StoreAccess } from "../services/stores.js";
import { UnitService } from "../services/units.js";
import type { UnitRegistry } from "../units/registry.js";

export class ApiServices {
  readonly units: UnitService;
  readonly codes = new CodeService();
  readonly records: RecordService;
  readonly owner: OwnerService;
  readonly reports: ReportService;
  private session: SearchSession | null = null;
  private indexProblem: string | null = null;

  readonly access: AccessService;

  constructor(
    readonly stores: StoreAccess,
    readonly registry: UnitRegistry,
  ) {
    this.access = new AccessService(stores);
    this.units = new UnitService(registry);
    this.records = new RecordService(stores, registry);
    this.owner = new OwnerService(stores, registry);
    this.reports = new ReportService(stores, registry);
  }

  /** Called once the search index is open (and warmed), and with each session over a newer index. */
  searchReady(session: SearchSession): void {
    if (this.session) {
      const { computed, kept, fromSibling } = this.session.cacheStats();
      this.answeredBefore.computed += computed;
      this.answeredBefore.kept += kept;
      this.answeredBefore.fromSibling += fromSibling;
    }
    this.session = session;
  }

  /** Autocomplete questions answered by the sessions replaced so far (autocompleteAnswers). */
  private readonly answeredBefore = { computed: 0, kept: 0, fromSibling: 0 };

  /**
   * Autocomplete questions answered since the server started, by where the answer came from:
   * worked out, kept from an earlier caller, kept from a sibling process (`serve --workers`).
   */
  autocompleteAnswers(): { computed: number; kept: number; fromSibling: number } {
    const now = this.session?.cacheStats() ?? { computed: 0, kept: 0, fromSibling: 0 };
    return {
      computed: this.answeredBefore.computed + now.computed,
      kept: this.answeredBefore.kept + now.kept,
      fromSibling: this.answeredBefore.fromSibling + now.fromSibling,
    };
  }

  /** Called when the index could not be opened: search stays unavailable and /readyz says why. */
  searchFailed(message: string): void {
    this.indexProblem = message;
  }

  /** Why the server is not ready, or null when it is. */
  get notReadyBecause(): string | null {
    if (this.session) return null;
    return this.indexProblem ? `the search index could not be opened: ${this.indexProblem}` : "the search index is still loading";
  }

  /** The search session, or null while the index is loading (or could not be opened). */
  searchIfReady(): SearchSession | null {
    return this.session;
  }

  /** The search session; a `busy` ServiceError (503) while the index is loading. */
  search(): SearchSession {
    if (this.session) return this.session;
    throw new ServiceError("busy", this.notReadyBecause ?? "the search index is not loaded");
  }
}
