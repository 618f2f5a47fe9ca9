/**
 * How sure the catalog is that a card needs a scope. The level comes from the catalog (through the
 * resolver's Need), never from parsing data files here; levels this module does not know yet (the
 * catalog may grow new ones) still render, ranked after the known ones, with their own name.
 */
export type EvidenceLevel = string;

/** Strongest first. `reason` is a scope granted only through extraScopes: a person's stated reason. */
const ORDER: readonly string[] = ['stated', 'template', 'custom', 'inferred', 'analogy', 'reason'];

/** In the README's words (a test compares them): the one legend of the page and of its markdown twin. */
const MEANING: Readonly<Record<string, string>> = {
  stated: "Okta's scopes table or a support article names the card and the scope; for a Custom API Action, Okta's OpenAPI spec names the scope of the endpoint it calls",
  template: "an official template's readme asks for the scope for flows that use the card",
  custom: 'declared by hand under `customCards` in scopes.yaml',
  inferred: "the endpoint the card calls requires it, per Okta's OpenAPI spec",
  analogy: "an analogous card's stated scope, e.g. dynamic user profile fields → `okta.schemas.read`, granted because a missing read scope is a 403 and an extra one is low risk",
  reason: 'no card needs it; granted for the reason given under `extraScopes`',
};

export function evidenceRank(level: EvidenceLevel): number {
  const i = ORDER.indexOf(level);
  return i < 0 ? ORDER.length : i;
}

export function evidenceMeaning(level: EvidenceLevel): string {
  return MEANING[level] ?? `evidence level "${level}" (see the catalog)`;
}

/** True for levels a reviewer should double-check: nothing Okta published confirms them. */
export function isWeakEvidence(level: EvidenceLevel): boolean {
  return evidenceRank(level) >= ORDER.indexOf('inferred') && level !== 'reason';
}

/** The strongest of several levels (a scope is as certain as its best-backed need). */
export function strongest(levels: Iterable<EvidenceLevel>): EvidenceLevel | undefined {
  let best: EvidenceLevel | undefined;
  for (const l of levels) if (best === undefined || evidenceRank(l) < evidenceRank(best)) best = l;
  return best;
}

/** The weakest of several levels: a scope counts under its weakest card (README, catalog). */
export function weakest(levels: Iterable<EvidenceLevel>): EvidenceLevel | undefined {
  let worst: EvidenceLevel | undefined;
  for (const l of levels) if (worst === undefined || evidenceRank(l) > evidenceRank(worst)) worst = l;
  return worst;
}

/** Every known level, strongest first: the legend of a report. */
export function knownEvidenceLevels(): readonly EvidenceLevel[] {
  return ORDER;
}
