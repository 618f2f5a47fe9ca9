import type { DriftReport } from '../core/drift/types';
import type { SourceLoc } from '../util/diagnostics';

/** What the formatters need beyond the report; only SARIF uses it today. */
export interface ReportContext {
  /** wf-scopes' own version (SARIF `tool.driver.version`). */
  toolVersion: string;
  /** Absolute directory SARIF artifact URIs are made relative to (the repository root, usually). */
  baseDir: string;
  /** Where an org is declared in scopes.yaml; extra-scope results point there. */
  orgLoc(name: string): SourceLoc | undefined;
  /** The project's home page (SARIF `tool.driver.informationUri`); left out when absent. */
  informationUri?: string;
}

/** A report format: pure, and byte-identical for equal input. */
export type Formatter = (report: DriftReport, ctx: ReportContext) => string;
