import { findingsToGithub } from '../../output/findings/github';
import type { ReviewContext } from './context';
import { reviewFindings } from './findings';
import { summaryLine, type Review } from './review';

export { githubData as escapeData, githubProperty as escapeProperty } from '../../util/escape';

/**
 * GitHub Actions workflow commands for the review's findings (the shared renderer): annotations on the
 * lines of scopes.yaml that introduce each added scope, at each removed scope's org, and on each policy
 * violation. The first line, not a command, is the summary.
 */
export function reviewToGithub(r: Review, ctx: ReviewContext): string {
  return findingsToGithub(reviewFindings(r), ctx, `wf-scopes review: ${summaryLine(r)}`);
}
