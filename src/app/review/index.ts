import type { ReviewContext, ReviewFormat } from './context';
import { render, type Renderers } from '../../output/format';
import { reviewToGithub } from './github';
import { reviewToJson } from './json';
import { reviewToMarkdown } from './markdown';
import type { Review } from './review';
import { reviewToSarif } from './sarif';

export { REVIEW_FORMATS, type ReviewContext, type ReviewFormat } from './context';
export { reviewChange, summaryLine, diffFlows, type Review, type ReviewBase, type OrgChange, type ScopeChange, type FlowChange, type ExportUse, type StillUsed } from './review';
export { diffSettings, type SettingChange, type SettingKind } from './settings';
export { gitRoot, readGitBase, readBaseFile, parseBase, planBase } from './base';
export { escapeData, escapeProperty } from './github';
export { RULE_HIGH_RISK_ADDED, RULE_SCOPE_ADDED, RULE_POLICY, RULE_SCOPE_REMOVED } from './sarif';

const RENDERERS: Renderers<ReviewFormat, Review, ReviewContext> = {
  markdown: reviewToMarkdown,
  json: reviewToJson,
  sarif: reviewToSarif,
  github: reviewToGithub,
};

/** The review in the given format; output ends with a newline and depends only on its input. */
export function renderReview(format: ReviewFormat, review: Review, ctx: ReviewContext): string {
  return render(format, RENDERERS, review, ctx);
}
