// `scan --write`: loaded only when --write is given (the YAML editor and the declaration loader are large).
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/types';
import { parseManifest } from '../../core/manifest/load';
import type { Manifest } from '../../core/manifest/types';
import { SCHEMA_FILE } from '../../core/manifest/schema';
import { exampleFlowsIn } from '../../app/scan/example';
import { projectRoot } from '../../util/paths';
import { loadProjectText } from '../../core/project';
import { mergeDeclaration, orgNameFromDomain, skeleton, type MergeResult } from '../../app/scan/merge';
import type { ScanReport } from '../../app/scan/types';
import { UserError, type Diagnostic } from '../../util/diagnostics';
import { commitWrite, openTarget, SafeWriteError, type WriteTarget } from '../../util/safe-write';
import { safeTextOutput } from '../../util/escape';
import { EXIT_OK, type CliIo } from '../io';
import { render, type Renderers } from '../../output/format';
import { flagError } from '../fail';
import { plainFormat, type PlainFormat, type ScanOptions } from './scan';

/** What `scan --write` did, for its summary. */
interface Written {
  file: string;
  result: MergeResult;
  warnings: number;
  rejected: string | undefined;
  intoEmpty: boolean;
}
const WRITE_RENDERERS: Renderers<PlainFormat, Written, void> = {
  text: (w) => writeText(w.file, w.result, w.warnings, w.rejected, w.intoEmpty),
  json: (w) => writeJson(w.file, w.result, w.warnings, w.rejected, w.intoEmpty),
};

function errMessage(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return e instanceof Error ? e.message : String(e);
}
function scanErrors(report: ScanReport): Diagnostic[] {
  return report.errors.map((e) => ({
    severity: 'error' as const,
    code: e.code,
    message: `${e.file}${e.line !== undefined ? `:${e.line}:${e.column}` : ''}: ${e.reason}`,
  }));
}
async function writeTarget(target: string, file: string): Promise<WriteTarget> {
  try {
    return await openTarget(target);
  } catch (e) {
    if (e instanceof SafeWriteError) throw flagError('--write', e.message.replace(target, file), e.hint);
    throw flagError('--write', `cannot read ${file}: ${errMessage(e)}`);
  }
}

export async function runWrite(report: ScanReport, file: string, opts: ScanOptions, catalog: Catalog, io: CliIo): Promise<number> {
  if (report.errors.length > 0) {
    const n = report.errors.length;
    throw new UserError([
      ...scanErrors(report),
      { severity: 'error', code: 'nothing-written', flag: '--write', message: `nothing written to ${file}: ${n} input file${n === 1 ? '' : 's'} could not be read` },
    ]);
  }
  // The target is looked at first: a device, FIFO or folder is refused before anything is merged.
  const target = await writeTarget(path.resolve(io.cwd, file), file);
  const text = target.existing?.text;
  // A file that exists but holds nothing (or only blank lines): written into, not created.
  const intoEmpty = target.existing !== undefined && text?.trim() === '';
  let result: MergeResult;
  // An existing empty file is still an existing file (its mode is kept, an edit meanwhile is caught);
  // it just has no org yet.
  if (text === undefined || text.trim() === '') {
    if (opts.orgDomain === undefined) {
      throw flagError('--org-domain', `${file} ${intoEmpty ? 'is empty' : 'does not exist yet'}: its org is needed`, `pass --org-domain <org>.okta.com (and --org-name NAME, default: the domain's first label)`);
    }
    const org = { name: opts.orgName ?? orgNameFromDomain(opts.orgDomain), domain: opts.orgDomain.trim() };
    // The org comes from flags: report its problems against the flags, not lines of a file not yet written.
    const probe = parseManifest(skeleton(org, 0), file, catalog);
    const bad = probe.diagnostics.filter((d) => d.severity === 'error');
    if (bad.length > 0) throw new UserError(bad.map((d) => ({ ...d, loc: undefined, flag: '--org-domain' })));
    result = mergeDeclaration({ report, catalog, file, org, schemaRef: schemaRef(path.resolve(io.cwd, file)) });
  } else {
    const parsed = parseManifest(text, file, catalog);
    if (!parsed.manifest) {
      throw new UserError([
        ...parsed.diagnostics.filter((d) => d.severity === 'error'),
        { severity: 'error', code: 'nothing-written', flag: '--write', message: `${file} has errors: fix them first; nothing was merged` },
      ]);
    }
    refuseExample(parsed.manifest, file, opts.force === true);
    const newFlowOrgs = scannedOrg(parsed.manifest, file, opts);
    result = mergeDeclaration({ report, catalog, file, existing: { text, manifest: parsed.manifest, diagnostics: parsed.diagnostics }, newFlowOrgs });
  }
  const invalid = result.validation.diagnostics.filter((d) => d.severity === 'error');
  if (invalid.length > 0) {
    // A bug of ours or a catalog gap; never leave the user with a declaration check rejects.
    throw new UserError([
      ...invalid.map((d) => ({ ...d, loc: undefined, message: `${d.message} (line ${d.loc?.line ?? '?'} of the merged text)` })),
      { severity: 'error', code: 'nothing-written', flag: '--write', message: `the merged declaration would not pass \`wf-scopes check\`; nothing written to ${file}` },
    ]);
  }
  if (result.changed) {
    try {
      await commitWrite(target, result.text, { force: opts.force });
    } catch (e) {
      if (e instanceof SafeWriteError) throw flagError('--write', `${e.message}; nothing written`, e.hint);
      throw flagError('--write', `cannot write ${file}: ${errMessage(e)}; nothing written`);
    }
  }
  const warnings = result.validation.diagnostics.filter((d) => d.severity === 'warning').length;
  const rejected = checkRejects(result.text, file, catalog);
  io.stdout(render(plainFormat(opts.format), WRITE_RENDERERS, { file, result, warnings, rejected, intoEmpty }, undefined));
  return EXIT_OK;
}

/**
 * The org flags name an org the existing file declares. Flows added for it get `orgs: [it]` when the file
 * declares other orgs too: without it they would apply, and be granted, in every org.
 */
function scannedOrg(manifest: Manifest, file: string, opts: ScanOptions): string[] | undefined {
  if (opts.orgDomain === undefined && opts.orgName === undefined) return undefined;
  const wanted = opts.orgDomain?.trim().toLowerCase();
  const org = manifest.orgs.find((o) => (wanted === undefined || o.domain === wanted) && (opts.orgName === undefined || o.name === opts.orgName));
  if (!org) {
    const what = [opts.orgName !== undefined ? `named ${opts.orgName}` : '', wanted !== undefined ? `with domain ${wanted}` : ''].filter(Boolean).join(' ');
    const declared = manifest.orgs.map((o) => `${o.name} (${o.domain})`).join(', ');
    throw flagError(
      opts.orgDomain !== undefined ? '--org-domain' : '--org-name',
      `${file} exists and declares no org ${what} (it declares ${declared})`,
      `the org options only create a new file or pick one of its orgs; add orgs to ${file} by hand`,
    );
  }
  return manifest.orgs.length > 1 ? [org.name] : undefined;
}

/** A file that still holds the shipped example's flows: merging real flows into it would keep them. */
function refuseExample(manifest: Manifest, file: string, force: boolean): void {
  const example = exampleFlowsIn(manifest);
  if (example.length === 0 || force) return;
  const n = example.length;
  throw new UserError({
    severity: 'error',
    code: 'example-declaration',
    loc: { file, line: example[0]?.line ?? 1, column: 1 },
    message: `${file} still holds the shipped example: a merge would keep its ${n} fictional flow${n === 1 ? '' : 's'} (${example.map((e) => e.label).join(', ')}) and grant their scopes; nothing written`,
    hint: `remove the example first (\`rm ${file}\`) and run again to write your own, or pass --force to merge into it`,
  });
}

/**
 * The `$schema` of a new file's first line: the shipped schema, relative to the file, when the file is in
 * this package (a fork) or the package is in the file's folder (installed); else where npm installs it.
 */
function schemaRef(target: string): string {
  const root = projectRoot();
  const inside = (dir: string, file: string): boolean => !path.relative(dir, file).startsWith('..') && !path.isAbsolute(path.relative(dir, file));
  if (!inside(root, target) && !inside(path.dirname(target), root)) return './node_modules/wf-scopes/schema/scopes.schema.json';
  const rel = path.relative(path.dirname(target), path.join(root, SCHEMA_FILE)).split(path.sep).join('/');
  return rel.startsWith('../') ? rel : `./${rel}`;
}

/**
 * What `check` would still reject in the written declaration beyond the loader's rules (the resolver's
 * fail-closed ones: an org that resolves to no scope when the exports hold no Okta card, say). The file
 * is written all the same, since synth refuses it anyway; the output must not claim check accepts it.
 */
function checkRejects(text: string, file: string, catalog: Catalog): string | undefined {
  try {
    const project = loadProjectText(text, file, { catalog });
    const first = project.policy.violations[0];
    return first ? `policy ${first.rule}: ${first.message}` : undefined;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const d = e.diagnostics.find((x) => x.severity === 'error') ?? e.diagnostics[0];
    return d ? `${d.message}${d.hint ? ` (${d.hint})` : ''}` : 'it has errors';
  }
}

function writeJson(file: string, r: MergeResult, warnings: number, rejected: string | undefined, intoEmpty: boolean): string {
  const doc = {
    file,
    created: r.created && !intoEmpty,
    /** Present when the file existed but was empty: written into, not created. */
    ...(intoEmpty ? { wasEmpty: true } : {}),
    changed: r.changed,
    flowsAdded: r.flowsAdded,
    flowsUpdated: r.flowsUpdated.map((u) => ({ flow: u.flow, added: u.added })),
    hints: r.hints.map((h) => ({ flow: h.flow, hint: h.hint })),
    stale: r.stale.map((s) => ({ flow: s.flow, ...(s.folder !== undefined ? { folder: s.folder } : {}), card: s.card, line: s.line })),
    conflicts: r.conflicts.map((c) => ({ flow: c.flow, message: c.message })),
    /** Warnings of loading the written declaration; `check` adds the resolver's. */
    loadWarnings: warnings,
    /** Why `wf-scopes check` rejects the written file; absent when it accepts it. */
    ...(rejected !== undefined ? { checkRejects: rejected } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function writeText(file: string, r: MergeResult, warnings: number, rejected: string | undefined, intoEmpty: boolean): string {
  const out: string[] = [];
  const added = r.flowsUpdated.reduce((n, u) => n + u.added.length, 0);
  if (intoEmpty) out.push(`wrote into the existing empty file ${file}: ${r.flowsAdded.length} flows, ${r.hints.length} comments for cards to add by hand`);
  else if (r.created) out.push(`created ${file}: ${r.flowsAdded.length} flows, ${r.hints.length} comments for cards to add by hand`);
  else if (r.changed) {
    out.push(`updated ${file}: ${r.flowsAdded.length} flows added, ${added} entries added to ${r.flowsUpdated.length} flows, ${r.hints.length} comments added`);
  } else out.push(`${file} is up to date: nothing to add`);
  for (const f of r.flowsAdded) out.push(`  + flow ${f}`);
  for (const u of r.flowsUpdated) out.push(`  ~ flow ${u.flow}: ${u.added.map((a) => `+ ${a}`).join(', ')}`);
  for (const h of r.hints) out.push(`  # flow ${h.flow}: ${h.hint}`);
  for (const c of r.conflicts) out.push(`  ! flow ${c.flow}: ${c.message}`);
  if (r.stale.length > 0) {
    out.push('Declared but used by no scanned export of their flow (left in place):');
    for (const s of r.stale) out.push(`  ${file}:${s.line}: flow "${s.flow}": ${s.card}`);
  }
  // Only the loader's warnings are counted here; check adds the resolver's (inferred cards), so no number.
  if (rejected !== undefined) out.push(`wf-scopes check does not accept it yet: ${rejected}`);
  else out.push(`wf-scopes check accepts it${warnings > 0 ? `, with warnings: see \`wf-scopes check --config ${file}\`` : ''}.`);
  return safeTextOutput(`${out.join('\n')}\n`);
}
