import type { FetchLike } from './FhirClient';

/** A fake transport for tests: records every call and answers from a script. */

export interface RecordedCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type ScriptedAnswer = Response | Error | ((call: RecordedCall) => Response | Promise<Response>);

export type MockFetch = FetchLike & { readonly calls: RecordedCall[] };

/** Objects become FHIR JSON; strings are sent as-is (give their Content-Type in headers). */
export function mockResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const isText = typeof body === 'string';
  const contentType: Record<string, string> = body === undefined ? {} : { 'Content-Type': isText ? 'text/plain' : 'application/fhir+json' };
  const payload = body === undefined || status === 204 ? null : isText ? body : JSON.stringify(body);
  return new Response(payload, { status, headers: { ...contentType, ...headers } });
}

/** Answers the scripted responses in order; the last one repeats. */
export function scriptedFetch(...answers: ScriptedAnswer[]): MockFetch {
  const calls: RecordedCall[] = [];
  const fn = async (input: string, init: RequestInit): Promise<Response> => {
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    const call: RecordedCall = {
      url: input,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    if (answer === undefined) throw new Error('scriptedFetch has no answers');
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(call);
    return answer.clone();
  };
  return Object.assign(fn, { calls });
}

export function mockFetch(status: number, body?: unknown, headers?: Record<string, string>): MockFetch {
  return scriptedFetch(mockResponse(status, body, headers));
}
