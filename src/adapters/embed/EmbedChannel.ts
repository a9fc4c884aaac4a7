import { EMBED_TYPE, EMBED_VERSION, eventPayloads, type Command, type ErrorCode, type ViewerEvent } from './messages';
import { parseCommand } from './parseCommand';
import { initialTargetOrigins, isAllowedOrigin } from './origins';

/** The few window features the channel uses, so tests can pass a fake. */
export interface EmbedWindow {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  readonly parent: Pick<Window, 'postMessage'> | null;
}

export interface EmbedChannelOptions {
  readonly allowedOrigins: readonly string[];
  readonly win: EmbedWindow;
  /** document.referrer: narrows the first messages to the page that embedded us. */
  readonly referrer: string;
  /** Carries out a valid command from an allowed origin; may reply through `reply`. */
  readonly onCommand: (command: Command, reply: (event: ViewerEvent) => void) => void | Promise<void>;
  /** Diagnostics; never given message contents (they may hold a token). */
  readonly log?: (message: string) => void;
  /** Flood control: a burst of `burst` commands, then `perSecond` (defaults 30 and 10). */
  readonly rateLimit?: { readonly burst: number; readonly perSecond: number };
  /** Milliseconds, for the rate limit (tests pass a fake clock). */
  readonly now?: () => number;
}

interface Peer {
  readonly target: Pick<Window, 'postMessage'>;
  readonly origin: string;
}

/**
 * The viewer's end of the postMessage API: only allowed origins are obeyed,
 * every reply names its exact target origin (never "*"), and no host input
 * can make it throw.
 */
export class EmbedChannel {
  readonly #o: EmbedChannelOptions;
  #host: Peer | undefined;
  #listening = false;
  readonly #loggedOrigins = new Set<string>();
  readonly #bucket: { tokens: number; at: number; throttled: boolean };

  constructor(options: EmbedChannelOptions) {
    this.#o = options;
    this.#bucket = { tokens: options.rateLimit?.burst ?? 30, at: this.#now(), throttled: false };
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  /** Token bucket: true when one more command may be handled now. */
  #take(): boolean {
    const { burst, perSecond } = this.#o.rateLimit ?? { burst: 30, perSecond: 10 };
    const now = this.#now();
    const b = this.#bucket;
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) * perSecond) / 1000);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Whether a host may be listening at all (we are framed or opened, and some origin is allowed). */
  get active(): boolean {
    return this.#o.allowedOrigins.length > 0 && !!this.#o.win.parent && (this.#o.win.parent as unknown) !== this.#o.win;
  }

  start(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.#o.win.addEventListener('message', this.#onMessage);
  }

  stop(): void {
    this.#listening = false;
    this.#o.win.removeEventListener('message', this.#onMessage);
  }

  /**
   * An event for the host: to the host that last spoke, else to the parent
   * once per candidate origin (the browser delivers only the matching one).
   */
  send(event: ViewerEvent, inReplyTo?: string): void {
    if (this.#host) {
      this.#post(this.#host, event, inReplyTo);
      return;
    }
    const parent = this.#o.win.parent;
    if (!parent || !this.active) return;
    for (const origin of initialTargetOrigins(this.#o.referrer, this.#o.allowedOrigins)) this.#post({ target: parent, origin }, event, inReplyTo);
  }

  #post(peer: Peer, event: ViewerEvent, inReplyTo?: string): void {
    const message = { type: EMBED_TYPE, version: EMBED_VERSION, name: event.name, ...(inReplyTo ? { inReplyTo } : {}), payload: event.payload };
    try {
      peer.target.postMessage(message, peer.origin);
    } catch {
      // A closed or navigated-away host: nothing to tell, and nothing to break.
      this.#o.log?.(`could not post "${event.name}" to ${peer.origin}`);
    }
  }

  #onMessage = (e: MessageEvent): void => {
    try {
      this.#handle(e);
    } catch {
      this.#o.log?.('an embed message could not be handled');
    }
  };

  #handle(e: MessageEvent): void {
    // Other libraries share the window: what is not this API's is none of our business.
    if (!isThisApi(e.data)) return;
    if (!isAllowedOrigin(e.origin, this.#o.allowedOrigins)) {
      // Once per origin, and only the origin: the content is untrusted and may be large or sensitive.
      const origin = e.origin || 'an opaque origin';
      if (!this.#loggedOrigins.has(origin) && this.#loggedOrigins.size < 20) {
        this.#loggedOrigins.add(origin);
        this.#o.log?.(`ignored a message from ${origin}, which is not in embed.allowedOrigins (further ones are not logged)`);
      }
      return;
    }
    const parent = this.#o.win.parent;
    // Only the window that embeds us speaks this API: not a popup, a sibling or a child frame.
    if (!parent || !e.source || (e.source as unknown) !== parent || (parent as unknown) === this.#o.win) return;
    const peer: Peer = { target: parent, origin: e.origin };
    // Events we sent that bounce back (a host relaying everything) are not commands.
    if (isOwnEvent(e.data)) return;
    if (!this.#take()) {
      // One error per flood, not one per message: the host learns to slow down, the viewer stays responsive.
      if (!this.#bucket.throttled) this.#post(peer, errorEvent('refused', 'Too many messages: commands are being dropped; slow down'));
      this.#bucket.throttled = true;
      return;
    }
    // The episode ends once the host has really slowed down (half the burst refilled), so a
    // long flood that trickles through on refills still gets a single error.
    if (this.#bucket.tokens >= (this.#o.rateLimit?.burst ?? 30) / 2) this.#bucket.throttled = false;
    const parsed = parseCommand(e.data);
    if (!parsed.ok) {
      this.#post(peer, errorEvent(parsed.code, parsed.message), parsed.id);
      return;
    }
    this.#host = peer;
    const reply = (event: ViewerEvent) => this.#post(peer, event, parsed.command.id);
    try {
      const done = this.#o.onCommand(parsed.command, reply);
      if (done) done.catch((err: unknown) => reply(errorEvent('failed', messageOf(err))));
    } catch (err) {
      reply(errorEvent('failed', messageOf(err)));
    }
  }
}

function isThisApi(data: unknown): boolean {
  return !!data && typeof data === 'object' && (data as { type?: unknown }).type === EMBED_TYPE;
}

function isOwnEvent(data: unknown): boolean {
  if (!data || typeof data !== 'object' || (data as { type?: unknown }).type !== EMBED_TYPE) return false;
  const name = (data as { name?: unknown }).name;
  return typeof name === 'string' && Object.hasOwn(eventPayloads, name);
}

export function errorEvent(code: ErrorCode, message: string): ViewerEvent {
  return { name: 'error', payload: { code, message } };
}

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'The command failed';
}
