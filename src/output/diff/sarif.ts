import { findingsToSarif } from '../findings/sarif';
import type { DriftReport } from '../../core/drift/types';
import type { ReportContext } from '../../rules/report-context';
import { driftFindings } from '../../rules/drift';

export { artifactUri } from '../findings/paths';
export { SARIF_SCHEMA_URI } from '../findings/sarif';

export const RULE_MISSING = 'WFS001';
export const RULE_EXTRA = 'WFS002';

/**
 * SARIF 2.1.0 for code scanning, through the shared findings renderer: an error per missing scope at
 * the card (or flow) that needs it, the other needing cards as related locations; a note per scope
 * covered by a broader one; a warning per extra scope and per issuer mismatch at the org's declaration.
 */
export function formatSarif(report: DriftReport, ctx: ReportContext): string {
  return findingsToSarif(driftFindings(report, ctx), { toolVersion: ctx.toolVersion, baseDir: ctx.baseDir, cwd: ctx.baseDir, homepage: ctx.informationUri });
}
