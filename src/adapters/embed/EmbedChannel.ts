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

  constructor(options: EmbedChannelOptions) {
    this.#o = options;
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
    const source = e.source as Pick<Window, 'postMessage'> | null;
    if (!source || (source as unknown) === this.#o.win) return; // our own posts, or a worker
    if (!isAllowedOrigin(e.origin, this.#o.allowedOrigins)) {
      // Only the origin is logged: the content is untrusted and may be large or sensitive.
      this.#o.log?.(`ignored a message from ${e.origin || 'an opaque origin'}, which is not in embed.allowedOrigins`);
      return;
    }
    const peer: Peer = { target: source, origin: e.origin };
    // Events we sent that bounce back (a host relaying everything) are not commands.
    if (isOwnEvent(e.data)) return;
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
