import { findingsToSarif } from '../../output/findings/sarif';
import { RULES } from '../../rules/registry';
import type { ReviewContext } from './context';
import { reviewFindings } from './findings';
import type { Review } from './review';

export const RULE_HIGH_RISK_ADDED = RULES['high-risk-scope-added'].id;
export const RULE_SCOPE_ADDED = RULES['scope-added'].id;
export const RULE_POLICY = RULES['policy-violation'].id;
export const RULE_SCOPE_REMOVED = RULES['scope-removed'].id;

/** SARIF 2.1.0 of the review's findings (the shared renderer); locations relative to ctx.baseDir. */
export function reviewToSarif(r: Review, ctx: ReviewContext): string {
  return findingsToSarif(reviewFindings(r), ctx);
}
