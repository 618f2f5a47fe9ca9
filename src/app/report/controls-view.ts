import { htmlText as h, markdownText as md } from '../../util/escape';
import type { ControlFinding, ControlTags } from './controls';

/** The control tags of `--controls` on the page and in its markdown twin; nothing without the flag. */

export type Tagger = (finding: ControlFinding) => string;

export function htmlTagger(c: ControlTags | undefined): Tagger {
  if (!c) return () => '';
  return (finding) => c.byFinding[finding].map((x) => ` <span class="ctl" data-control="${h(x.id)}" title="${h(`${c.name} ${x.id}: ${x.title}`)}">${h(`${c.name} ${x.id}`)}</span>`).join('');
}

export function markdownTagger(c: ControlTags | undefined): Tagger {
  if (!c) return () => '';
  return (finding) => ` ${c.byFinding[finding].map((x) => `\\[${md(`${c.name} ${x.id}`)}\\]`).join(' ')}`;
}

/** The footer's list of the controls the page is tagged with, and what each means. */
export function controlsLegend(c: ControlTags): string {
  return c.controls.map((x) => `${c.name} ${x.id}: ${x.title}`).join('; ');
}
