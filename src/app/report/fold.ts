import { LIMIT_ENV } from '../../util/limits';

/**
 * A long list of the access report, folded: the first `at` items are shown and the rest are counted,
 * never dropped in silence. The page and its markdown twin fold the same lists at the same count.
 */

export interface Folded<T> {
  shown: readonly T[];
  /** How many items follow the shown ones (0: nothing folded). */
  more: number;
}

export function fold<T>(items: readonly T[], at: number): Folded<T> {
  return items.length <= at ? { shown: items, more: 0 } : { shown: items.slice(0, at), more: items.length - at };
}

/** `and 49500 more flows, not listed here (this report lists 500 per scope; WF_SCOPES_MAX_REPORT_ITEMS raises it)`. */
export function foldedText(more: number, noun: { one: string; many: string }, at: number, where: string): string {
  return `and ${more} more ${more === 1 ? noun.one : noun.many}, not listed here (this report lists ${at} ${where}; ${LIMIT_ENV.maxReportItems} raises it)`;
}

export const FLOW_NOUN = { one: 'flow', many: 'flows' } as const;
export const CARD_NOUN = { one: 'card', many: 'cards' } as const;
export const ROW_NOUN = { one: 'flow that needs a scope', many: 'flows that need a scope' } as const;
