/**
 * The project's package.json: created, or merged into the one that is there (after `npm install
 * wf-scopes`, say). A merge adds what is missing and never changes a key the file already has unless
 * `force`: a kept value that differs from init's is reported, so the user can decide.
 */
import { locateJsonError } from '../../sources/flows';
import { isPlainObject } from '../../util/json';
import { UserError } from '../../util/diagnostics';
import { compareStrings } from '../../util/compare';
import type { OwnPackage } from '../../util/package-json';

/** What the project runs: each is a command of the project's own node_modules/.bin. */
export const SCRIPTS: Readonly<Record<string, string>> = {
  build: 'tsc',
  check: 'wf-scopes check',
  synth: 'cdktf synth',
  test: 'jest',
};

/** The packages the project needs and which of wf-scopes' own dependencies pins each one's version. */
const RUNTIME = ['cdktf', 'constructs'];
const DEV = ['cdktf-cli', 'jest', 'ts-jest', 'typescript', '@types/jest', '@types/node'];

/** The versions init writes: wf-scopes' own, and those wf-scopes is built and tested with. */
export function wantedDependencies(own: OwnPackage): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const pin = (name: string): [string, string] => {
    const v = own.dependencies[name] ?? own.devDependencies[name];
    if (v === undefined) throw new Error(`wf-scopes init: package.json of wf-scopes does not pin ${name}`);
    return [name, v];
  };
  return {
    dependencies: Object.fromEntries([['wf-scopes', own.version], ...RUNTIME.map(pin)]),
    devDependencies: Object.fromEntries(DEV.map(pin)),
  };
}

export interface PackageMerge {
  text: string;
  /** `scripts.test`, `dependencies.cdktf`…: the keys written (added, or replaced under force). */
  written: string[];
  /** Keys the file already had with another value, kept as they were. */
  kept: { key: string; theirs: string; ours: string }[];
}

/** A package name from a folder name: lower case, npm's characters only; a fallback when nothing is left. */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, 214);
  return name === '' ? 'okta-workflows-scopes' : name;
}

function parseExisting(text: string, file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const p = locateJsonError(text);
    throw new UserError({
      severity: 'error',
      code: 'bad-package-json',
      ...(p ? { loc: { file, line: p.position.line, column: p.position.column } } : {}),
      message: `${p ? '' : `${file}: `}not valid JSON${p ? `: ${p.message}` : ''}; nothing written`,
      hint: 'fix package.json (npm would refuse it too), then run init again',
    });
  }
  if (!isPlainObject(doc)) {
    throw new UserError({ severity: 'error', code: 'bad-package-json', loc: { file, line: 1, column: 1 }, message: 'not a JSON object; nothing written', hint: 'package.json holds one object: {"name": …}' });
  }
  return doc;
}

function section(doc: Record<string, unknown>, key: string, file: string): Record<string, unknown> {
  const v = doc[key];
  if (v === undefined) return (doc[key] = {});
  if (isPlainObject(v)) return v;
  throw new UserError({ severity: 'error', code: 'bad-package-json', message: `${file}: "${key}" is not an object; nothing written`, hint: `make "${key}" an object, or remove it` });
}

/** The indentation of the file's first indented line (npm keeps a file's own), else two spaces. */
function indentOf(text: string): string {
  return /^[{[][ \t]*\r?\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
}

function sortedKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => compareStrings(a, b)));
}

/** Merges (or creates, when `existing` is undefined) the project's package.json. */
export function mergePackageJson(existing: string | undefined, opts: { name: string; own: OwnPackage; force: boolean; file: string }): PackageMerge {
  const doc = existing === undefined ? { name: opts.name, version: '0.0.0', private: true } : parseExisting(existing, opts.file);
  const written: string[] = [];
  const kept: PackageMerge['kept'] = [];
  const put = (sec: Record<string, unknown>, secName: string, key: string, value: string): void => {
    const theirs = sec[key];
    if (theirs === value) return;
    if (theirs !== undefined && !opts.force) {
      kept.push({ key: `${secName}.${key}`, theirs: typeof theirs === 'string' ? theirs : JSON.stringify(theirs), ours: value });
      return;
    }
    sec[key] = value;
    written.push(`${secName}.${key}`);
  };
  const scripts = section(doc, 'scripts', opts.file);
  for (const [k, v] of Object.entries(SCRIPTS)) put(scripts, 'scripts', k, v);
  const wanted = wantedDependencies(opts.own);
  const sections = { dependencies: section(doc, 'dependencies', opts.file), devDependencies: section(doc, 'devDependencies', opts.file) };
  type Section = keyof typeof sections;
  // A package the file already lists stays in its section (a dev dependency it made a dependency, say).
  const home = (name: string, preferred: Section): Section => {
    const other: Section = preferred === 'dependencies' ? 'devDependencies' : 'dependencies';
    return name in sections[other] && !(name in sections[preferred]) ? other : preferred;
  };
  for (const preferred of ['dependencies', 'devDependencies'] as const) {
    for (const [name, version] of Object.entries(wanted[preferred])) {
      const sec = home(name, preferred);
      put(sections[sec], sec, name, version);
    }
  }
  doc.dependencies = sortedKeys(sections.dependencies);
  doc.devDependencies = sortedKeys(sections.devDependencies);
  const text = `${JSON.stringify(doc, null, existing === undefined ? 2 : indentOf(existing))}\n`;
  return { text, written, kept };
}
