'use strict';
// Shared helpers for the benchmarks: wall-clock timing of child processes, median of several runs.
const { spawn, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'wf-scopes.js');

function timeProcess(args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
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

module.exports = { ROOT, BIN, timeProcess, median, row, runCliAsync };
