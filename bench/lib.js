'use strict';
// Shared helpers for the benchmarks: wall-clock timing of child processes, median of several runs.
const { spawn, spawnSync } = require('node:child_process');
const { closeSync, openSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'wf-scopes.js');

/**
 * One run of `args`: its wall time, exit status and output. With `stdoutFile`, stdout goes to that file
 * (truncated first) instead of a pipe to this process: collecting 10 MB through spawnSync costs this
 * process about 140 ms on a 2-core machine (`cat` of the same 10.8 MB: 150 ms piped, 11 ms to a file),
 * which is the harness's time, not the command's. `stdout` is then the file's text.
 */
function timeProcess(args, { stdoutFile, ...opts } = {}) {
  const out = stdoutFile === undefined ? undefined : openSync(stdoutFile, 'w');
  const t0 = process.hrtime.bigint();
  let r;
  try {
    const stdio = out === undefined ? undefined : ['ignore', out, 'pipe'];
    r = spawnSync(args[0], args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28, ...(stdio ? { stdio } : {}), ...opts });
  } finally {
    if (out !== undefined) closeSync(out);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stdout: out === undefined ? r.stdout : readFileSync(stdoutFile, 'utf8'), stderr: r.stderr };
}

/** Median wall time of `runs` runs; fails loudly if the command fails. */
function median(label, args, { runs = 5, okCodes = [0], ...opts } = {}) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = timeProcess(args, opts);
    if (!okCodes.includes(last.status)) {
      throw new Error(`${label}: exit ${last.status}\n${last.stderr.slice(0, 2000)}`);
    }
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  return { label, ms: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], last };
}

function row(r, extra = '') {
  return `${r.label.padEnd(52)} median ${r.ms.toFixed(0).padStart(6)} ms  (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)})${extra}`;
}

/** Runs the CLI without blocking (a bench's own local servers must keep answering): time, code, output. */
function runCliAsync(args, env, cwd) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - t0) / 1e6, out, err }));
  });
}

/**
 * A figure against its floor, measured in the same run and interleaved (floor, figure, floor, figure…),
 * so that a machine shared with other work slows both alike: the medians of each, and their ratio.
 * `floor` and `figure` are `{ label, args, okCodes? }`; the last run of each is returned for its output.
 */
function againstFloor(figure, floor, { runs = 7, ...opts } = {}) {
  const times = { figure: [], floor: [] };
  const last = {};
  for (let i = 0; i < runs; i++) {
    for (const [key, spec] of [['floor', floor], ['figure', figure]]) {
      const r = timeProcess(spec.args, opts);
      if (!(spec.okCodes ?? [0]).includes(r.status)) throw new Error(`${spec.label}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
      times[key].push(r.ms);
      last[key] = r;
    }
  }
  const med = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const ms = med(times.figure);
  const floorMs = med(times.floor);
  return { label: figure.label, ms, floorLabel: floor.label, floorMs, ratio: ms / floorMs, runs, last: last.figure, lastFloor: last.floor };
}

/** One line: the figure, its floor and the ratio (and the goal, when given as `{ ratio }` or `{ overMs }`). */
function floorRow(r, goal = {}) {
  const over = r.ms - r.floorMs;
  let verdict = '';
  if (goal.ratio !== undefined) verdict = `  goal <= ${goal.ratio}x: ${r.ratio <= goal.ratio ? 'met' : 'NOT MET'}`;
  if (goal.overMs !== undefined) verdict = `  goal <= ${goal.overMs} ms over: ${over <= goal.overMs ? 'met' : 'NOT MET'}`;
  if (goal.ms !== undefined) verdict = `  goal < ${goal.ms} ms: ${r.ms < goal.ms ? 'met' : 'NOT MET'}`;
  return (
    `${r.label.padEnd(50)} ${r.ms.toFixed(0).padStart(6)} ms | floor ${r.floorLabel}: ${r.floorMs.toFixed(0).padStart(5)} ms | ` +
    `${r.ratio.toFixed(2)}x, ${over >= 0 ? '+' : ''}${over.toFixed(0)} ms${verdict}  (medians of ${r.runs}, interleaved)`
  );
}

module.exports = { ROOT, BIN, timeProcess, median, row, runCliAsync, againstFloor, floorRow };
