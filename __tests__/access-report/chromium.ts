import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Debian's `chromium` package; `.ci/run` installs it. */
export const CHROMIUM = process.env.WF_SCOPES_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON
 * messages ending in NUL on fds 3 and 4), so the test needs no extra dependency and no port.
 * DevTools evaluation is not subject to the page's Content-Security-Policy, so the page is measured
 * exactly as shipped.
 */
export class Browser {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: CdpMessage) => void)[] = [];
  /** Every URL the page asked for (Network.requestWillBeSent). */
  readonly requests: string[] = [];
  readonly consoleErrors: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
    private readonly input: Writable,
    private readonly output: Readable,
  ) {
    output.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(this.buffer.slice(0, end)) as CdpMessage;
        this.buffer = this.buffer.slice(end + 1);
        this.dispatch(msg);
      }
    });
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('chromium exited'));
      this.pending.clear();
    });
  }

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'wf-chromium-'));
    const child = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--no-first-run',
        '--no-default-browser-check',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        '--window-size=1280,800',
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    return new Browser(child, profile, input, output);
  }

  private dispatch(msg: CdpMessage): void {
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result ?? {});
      return;
    }
    if (msg.method === 'Network.requestWillBeSent') {
      const request = msg.params?.request as { url?: string } | undefined;
      if (request?.url) this.requests.push(request.url);
    }
    if (msg.method === 'Runtime.exceptionThrown' || (msg.method === 'Log.entryAdded' && (msg.params?.entry as { level?: string } | undefined)?.level === 'error')) {
      this.consoleErrors.push(JSON.stringify(msg.params));
    }
    for (const l of [...this.listeners]) l(msg);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  waitFor(method: string, timeoutMs = 20_000): Promise<CdpMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), timeoutMs);
      const l = (m: CdpMessage) => {
        if (m.method !== method) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(l), 1);
        resolve(m);
      };
      this.listeners.push(l);
    });
  }

  /** Opens `url` in a new 1280x800 tab and waits for its load event; returns the session id. */
  async open(url: string): Promise<string> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await this.send('Page.enable', {}, sessionId);
    await this.send('Runtime.enable', {}, sessionId);
    await this.send('Log.enable', {}, sessionId);
    await this.send('Network.enable', {}, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false }, sessionId);
    const loaded = this.waitFor('Page.loadEventFired');
    await this.send('Page.navigate', { url }, sessionId);
    await loaded;
    return sessionId;
  }

  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId)) as {
      result: { value: T };
      exceptionDetails?: unknown;
    };
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }

  /** A PNG of the viewport as it is now. */
  async screenshot(sessionId: string): Promise<Buffer> {
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => (timer = setTimeout(r, 3000)))]);
    } catch {
      // Already gone.
    } finally {
      clearTimeout(timer);
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
    this.input.destroy();
    this.output.destroy();
    this.child.unref();
    // Chromium's helpers may still be writing into the profile as it goes (ENOTEMPTY, EBUSY): retry,
    // and never fail a test over a temporary folder.
    try {
      rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // Left in the temporary folder; the OS clears it.
    }
  }
}
