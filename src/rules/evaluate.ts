/**
 * Runs the rule definitions over a record's facts. Rules are compiled once (each definition bound
 * to its check), so evaluating a record is a loop over a dozen closures.
 */
import type { AddressData, Issue } from "../domain/record.js";
import { CHECKS, type Check } from "./checks.js";
import { factsFromRecord, type RecordFacts } from "./facts.js";
import { RECORD_SCOPE_RULES, RULES, type RuleDefinition, type Severity } from "./ruleset.js";

export interface Finding {
  rule: string;
  severity: Severity;
  /** "english (tiếng Việt)", the form of the store's findings. */
  message: string;
}

/** Messages by offending value, per rule: most findings repeat a few values ("" above all). */
const MESSAGE_CACHE_LIMIT = 2000;

interface CompiledRule {
  definition: RuleDefinition;
  check: Check;
  params: Record<string, unknown>;
  /** formatMessage(definition, ""), the value of most findings. */
  emptyMessage: string;
  /** Messages by value, or null when the engine does not remember them. */
  messages: Map<string, string> | null;
}

export class RuleEngine {
  readonly rules: readonly RuleDefinition[];
  private readonly compiled: CompiledRule[];
  private readonly positions: ReadonlyMap<string, number>;

  /**
   * Throws when a definition names an unknown check or repeats an id.
   * @param options.rememberMessages keep the messages of up to MESSAGE_CACHE_LIMIT values per rule
   *   (default true: an import repeats a few values millions of times)
   */
  constructor(rules: readonly RuleDefinition[] = RULES, options: { rememberMessages?: boolean } = {}) {
    const remember = options.rememberMessages ?? true;
    const ids = new Set<string>();
    this.rules = rules;
    this.positions = new Map(rules.map((rule, i) => [rule.id, i]));
    this.compiled = rules.map((definition) => {
      const check = CHECKS[definition.check];
      if (!check) throw new Error(`rule ${definition.id}: unknown check "${definition.check}"`);
      if (ids.has(definition.id)) throw new Error(`rule ${definition.id}: defined twice`);
      ids.add(definition.id);
      return {
        definition,
        check,
        params: definition.params ?? {},
        emptyMessage: formatMessage(definition, ""),
        messages: remember ? new Map() : null,
      };
    });
  }

  /** Every finding for the record, errors and warnings, in rule order. */
  evaluate(facts: RecordFacts): Finding[] {
    const findings: Finding[] = [];
    for (const rule of this.compiled) {
      const value = rule.check(facts, rule.params);
      if (value === null) continue;
      findings.push({
        rule: rule.definition.id,
        severity: rule.definition.severity,
        message: message(rule, value),
      });
    }
    return findings;
  }

  /** The finding rule `ruleId` gives for `value` (its message as `evaluate` writes it); throws on an unknown id. */
  findingOf(ruleId: string, value = ""): Finding {
    const rule = this.compiled.find((r) => r.definition.id === ruleId);
    if (!rule) throw new Error(`no rule "${ruleId}"`);
    return { rule: ruleId, severity: rule.definition.severity, message: message(rule, value) };
  }

  severityOf(ruleId: string): Severity | undefined {
    return this.rules.find((r) => r.id === ruleId)?.severity;
  }

  /** Where rule `ruleId` stands in the rule set (findings are listed in this order); after the last for an unknown id. */
  positionOf(ruleId: string): number {
    return this.positions.get(ruleId) ?? this.rules.length;
  }
}

/** formatMessage, remembered per rule and value (a bounded number of values). */
function message(rule: CompiledRule, value: string): string {
  if (value === "") return rule.emptyMessage;
  if (rule.messages === null) return formatMessage(rule.definition, value);
  let text = rule.messages.get(value);
  if (text === undefined) {
    // A copy of the value that shares no memory with the row's text, which may be a slice of the
    // reader's 1 MiB buffer: the key and the message are kept, the buffer must not be.
    const own = ` ${value}`.slice(1);
    text = formatMessage(rule.definition, own);
    if (rule.messages.size >= MESSAGE_CACHE_LIMIT) rule.messages.clear();
    rule.messages.set(own, text);
  }
  return text;
}

/** "english (tiếng Việt)" with `{value}` and the parameters filled in; an empty value drops the placeholder cleanly. */
export function formatMessage(rule: RuleDefinition, value: string): string {
  const fill = (text: string) =>
    withParameters(text, rule)
      .replace("{value}", value)
      .replace(/\s+\(\)/, "")
      .replace(/\s{2,}/g, " ")
      .trim();
  return `${fill(rule.message.en)} (${fill(rule.message.vi)})`;
}

/** `{name}` replaced by the rule's parameter `name` when it is a number or a string; `{value}` is left. */
function withParameters(text: string, rule: RuleDefinition): string {
  if (!rule.params) return text;
  const params = rule.params;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const param = name === "value" ? undefined : params[name];
    return typeof param === "number" || typeof param === "string" ? String(param) : placeholder;
  });
}

/**
 * The rule in a list of reasons (the report), where no single value applies: its title, else its
 * message without the `{value}` placeholder, with the parameters filled in.
 */
export function ruleTitle(rule: RuleDefinition): { vi: string; en: string } {
  const text = rule.title ?? rule.message;
  const strip = (s: string) =>
    withParameters(s, rule)
      .replace(/:\s*\{value\}/g, "")
      .replace(/\s*\(?"?\{value\}"?\)?/g, "")
      .replace(/\s{2,}/g, " ")
      .trim();
  return { vi: strip(text.vi), en: strip(text.en) };
}

/**
 * The findings a record's content gets from the rules of scope `record`: what the store keeps
 * when a writer gives none. Messages are formatted each time, so nothing is shared between calls.
 */
export function recordIssues(data: AddressData): Issue[] {
  return storedIssues(recordRules.evaluate(factsFromRecord(data, null, false)));
}

const recordRules = new RuleEngine(RECORD_SCOPE_RULES, { rememberMessages: false });

/** The findings the store keeps: errors (the default severity, which blocks completeness) and warnings. */
export function storedIssues(findings: readonly Finding[]): Issue[] {
  const out: Issue[] = [];
  for (const f of findings)
    out.push(
      f.severity === "error"
        ? { rule: f.rule, message: f.message }
        : { rule: f.rule, message: f.message, severity: "warning" },
    );
  return out;
}

/** The findings that block completeness: errors only. */
export function blockingIssues(findings: readonly Finding[]): Issue[] {
  const out: Issue[] = [];
  for (const f of findings) if (f.severity === "error") out.push({ rule: f.rule, message: f.message });
  return out;
}
