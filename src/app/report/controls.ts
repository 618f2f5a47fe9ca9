import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, type Diagnostic } from '../../util/diagnostics';
import { isPlainObject } from '../../util/json';
import { projectRoot } from '../../util/paths';
import { documentLocator, fastParse, type PathSeg } from '../../util/yaml-locator';

/**
 * `report --controls`: which control each finding of the access report evidences (data/controls.yaml),
 * checked when loaded so that a page never names a control its framework does not have.
 */

export const CONTROL_FRAMEWORKS = ['soc2', 'nist'] as const;
export type ControlFramework = (typeof CONTROL_FRAMEWORKS)[number];
export const CONTROL_FINDINGS = ['holds', 'adds', 'revokes', 'policy', 'inventory'] as const;
export type ControlFinding = (typeof CONTROL_FINDINGS)[number];

export interface Control {
  id: string;
  title: string;
}

/** The controls of one framework, per finding, as the page shows them. */
export interface ControlTags {
  framework: ControlFramework;
  /** `SOC 2`. */
  name: string;
  /** Every control of the framework the data lists, in its order. */
  controls: Control[];
  byFinding: Record<ControlFinding, Control[]>;
}

export const CONTROLS_FILE = join('data', 'controls.yaml');

function isOneOf<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v);
}

/** Parses and checks the mapping; every problem at its line, reported together. */
export function parseControls(text: string, file: string): Record<ControlFramework, ControlTags> {
  const fast = fastParse(text, file, () => documentLocator(text, file));
  const locator = fast?.locator ?? documentLocator(text, file);
  const diags: Diagnostic[] = [];
  const err = (path: PathSeg[], message: string, key?: string): void => {
    diags.push({ severity: 'error', code: 'controls-data', message, loc: key === undefined ? locator.loc(path) : locator.keyLoc(path, key), hint: `fix ${CONTROLS_FILE}` });
  };
  const root = fast?.data;
  if (!isPlainObject(root) || !isPlainObject(root.frameworks) || !isPlainObject(root.findings)) {
    err([], 'expected a mapping with `frameworks` and `findings`');
    throw new UserError(diags);
  }
  for (const k of Object.keys(root)) if (k !== 'frameworks' && k !== 'findings') err([], `unknown key \`${k}\``, k);
  const out = {} as Record<ControlFramework, ControlTags>;
  const frameworks = root.frameworks;
  for (const k of Object.keys(frameworks)) if (!isOneOf(CONTROL_FRAMEWORKS, k)) err(['frameworks'], `unknown framework \`${k}\` (expected ${CONTROL_FRAMEWORKS.join(', ')})`, k);
  for (const fw of CONTROL_FRAMEWORKS) {
    const f = frameworks[fw];
    if (!isPlainObject(f) || typeof f.name !== 'string' || !isPlainObject(f.controls)) {
      err(['frameworks', fw], `framework \`${fw}\` needs a \`name\` and its \`controls\` (id: title)`);
      continue;
    }
    const controls = Object.entries(f.controls).map(([id, title]) => {
      if (typeof title !== 'string' || title.trim() === '') err(['frameworks', fw, 'controls', id], `control \`${id}\` needs a title`);
      return { id, title: String(title) };
    });
    out[fw] = { framework: fw, name: f.name, controls, byFinding: {} as Record<ControlFinding, Control[]> };
  }
  const findings = root.findings;
  for (const k of Object.keys(findings)) if (!isOneOf(CONTROL_FINDINGS, k)) err(['findings'], `unknown finding \`${k}\` (expected ${CONTROL_FINDINGS.join(', ')})`, k);
  for (const finding of CONTROL_FINDINGS) {
    const row = findings[finding];
    if (!isPlainObject(row)) {
      err(['findings'], `finding \`${finding}\` is not mapped`);
      continue;
    }
    for (const fw of CONTROL_FRAMEWORKS) {
      const ids = row[fw];
      const tags = out[fw];
      if (!Array.isArray(ids) || ids.length === 0) {
        err(['findings', finding], `finding \`${finding}\` names no ${fw} control`);
        continue;
      }
      if (!tags) continue;
      tags.byFinding[finding] = ids.flatMap((id: unknown, i) => {
        const hit = tags.controls.find((c) => c.id === String(id));
        if (!hit) err(['findings', finding, fw, i], `\`${String(id)}\` is not a control of ${fw} (it lists ${tags.controls.map((c) => c.id).join(', ')})`);
        return hit ? [hit] : [];
      });
    }
  }
  if (diags.length) throw new UserError(diags);
  return out;
}

/** The shipped mapping for one framework. */
export function loadControls(framework: ControlFramework): ControlTags {
  const file = join(projectRoot(), CONTROLS_FILE);
  return parseControls(readFileSync(file, 'utf8'), CONTROLS_FILE)[framework];
}
