import type { Server } from 'node:http';
import { expect, type FrameLocator, type Page } from '@playwright/test';

/** The example host page's origin: listed in public/config.json embed.allowedOrigins. */
export const HOST_PORT = 14174;
export const HOST_ORIGIN = `http://127.0.0.1:${HOST_PORT}`;
/** The same page on an origin the viewer does not allow. */
export const STRANGER_PORT = 14178;
export const STRANGER_ORIGIN = `http://127.0.0.1:${STRANGER_PORT}`;

export interface EmbedMessage {
  type: string;
  version: number;
  name: string;
  inReplyTo?: string;
  payload: Record<string, unknown>;
}

/** Starts the example host page's server (public/examples) on a port; returns a stopper. */
export async function serveHostPage(port: number, viewers: string[]): Promise<() => Promise<void>> {
  // Plain JS module: loaded with a computed specifier and typed here.
  const mod = (await import(new URL('../../stack/examples-server.mjs', import.meta.url).href)) as { createExamplesServer(o: { viewers: string[] }): Server };
  const server = mod.createExamplesServer({ viewers });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The host page as a portal user drives it: buttons, inputs and the message log. */
export class HostPage {
  readonly frame: FrameLocator;

  constructor(readonly page: Page) {
    this.frame = page.frameLocator('#viewer');
  }

  async open(viewerUrl: string, opts: { size?: string; origin?: string } = {}): Promise<void> {
    const q = new URLSearchParams({ viewer: viewerUrl, ...(opts.size ? { size: opts.size } : {}) });
    await this.page.goto(`${opts.origin ?? HOST_ORIGIN}/host.html?${q}`);
  }

  received(): Promise<EmbedMessage[]> {
    return this.page.evaluate(() => (window as unknown as { received: EmbedMessage[] }).received);
  }

  /** Waits for the next message with this name after `after` earlier ones (default: any). */
  async waitFor(name: string, predicate: (m: EmbedMessage) => boolean = () => true, timeout = 30_000): Promise<EmbedMessage> {
    let found: EmbedMessage | undefined;
    await expect
      .poll(async () => {
        found = (await this.received()).filter((m) => m.name === name).find(predicate);
        return !!found;
      }, { timeout, message: `host received "${name}"` })
      .toBe(true);
    return found!;
  }

  async count(name: string): Promise<number> {
    return (await this.received()).filter((m) => m.name === name).length;
  }

  /** Any command, as the host page sends it (its origin, its id); returns the id. */
  async send(name: string, payload?: unknown): Promise<string> {
    return this.page.evaluate(([n, p]) => (window as unknown as { sendCommand(n: string, p: unknown): string }).sendCommand(n as string, p), [name, payload] as const);
  }

  /** The reply to the command with this id. */
  async replyTo(id: string, name: string): Promise<EmbedMessage> {
    return this.waitFor(name, (m) => m.inReplyTo === id);
  }

  async openStudy(studyUid: string): Promise<void> {
    await this.page.locator('#study-uid').fill(studyUid);
    await this.page.getByRole('button', { name: 'Open study' }).click();
  }

  async setTool(tool: string): Promise<void> {
    await this.page.locator('#tool').selectOption(tool);
    await this.page.getByRole('button', { name: 'Set tool' }).click();
  }

  async sendToken(token: string, expiresAt?: number): Promise<void> {
    await this.page.locator('#token').fill(token);
    await this.page.locator('#expires-at').fill(expiresAt ? String(expiresAt) : '');
    await this.page.getByRole('button', { name: 'Send token' }).click();
  }

  /** The viewer's image canvas inside the frame. */
  canvas() {
    return this.frame.locator('[data-testid="viewport"] canvas').first();
  }

  async waitForImage(): Promise<void> {
    await expect
      .poll(
        () =>
          this.canvas().evaluate((c: HTMLCanvasElement) => {
            const ctx = c.getContext('2d');
            if (!ctx || !c.width || !c.height) return 0;
            const { data } = ctx.getImageData(0, 0, c.width, c.height);
            const seen = new Set<number>();
            for (let i = 0; i < data.length; i += 4 * 7) seen.add(data[i]! * 65536 + data[i + 1]! * 256 + data[i + 2]!);
            return seen.size;
          }),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(2);
  }

  /** A click at the canvas centre, in page coordinates (the frame is part of the page). */
  async clickCanvasCentre(dx = 0, dy = 0): Promise<void> {
    const b = await this.canvas().boundingBox();
    if (!b) throw new Error('viewer canvas not visible');
    // Cornerstone reads two quick clicks as a double click: pause like a person.
    await this.page.waitForTimeout(450);
    await this.page.mouse.move(b.x + b.width / 2 + dx, b.y + b.height / 2 + dy);
    await this.page.mouse.down();
    await this.page.mouse.up();
  }
}
