/**
 * Sends a fuzz case and checks what every answer must be: never a 5xx; an error has the
 * documented body (Azure's, or OAuth2's at the token endpoint) and names what was broken; a refused
 * call leaves the state as it was; nothing protected answers 2xx, or anything but 401, to a caller
 * without the right credential.
 */
import { shapeProblems } from '../../validation.ts';
import { validCredential, type FuzzCase } from './cases.ts';
import { stateDigest, type FuzzWorld } from './world.ts';

/** Refusals of the request's own content, which must name the part that is wrong (others are about the state: no deployment, no such resource). */
export const ABOUT_THE_REQUEST = new Set(['InvalidResourceName', 'ValidationError', 'BadRequest', 'InvalidJson', 'JsonTooDeep', 'UnsupportedMediaType', 'UnsupportedUri', 'UnsupportedInputData', 'InvalidUrl', 'MissingApiVersionParameter', 'InvalidApiVersionParameter', 'LocalPathUnreadable', 'LocalPathTooLarge']);

/** What no name or URI may hold: a '..' segment, a NUL or another control character, a backslash. */
const HOSTILE = /(^|[/\\])\.\.([/\\]|$)|[\u0000-\u001f\\]/;

const MAX_ERROR_BYTES = 16 * 1024;

export interface Outcome {
  status: number;
  /** The error code of a refusal. */
  code?: string;
  problems: string[];
}

/** Letters and digits only, lower case: miniBatchSize and mini_batch_size say the same. */
const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Whether the error names one of the broken fields or values (in its message, target or details). */
export function namesWhatBroke(error: { message: string; target?: string; details?: Array<{ message: string; target?: string }> }, broke: FuzzCase['broke']): boolean {
  const said = squash([error.message, error.target ?? '', ...(error.details ?? []).flatMap((d) => [d.message, d.target ?? ''])].join(' '));
  const fields = broke.fields.map(squash).filter((f) => f.length > 0);
  // Values are named by a recognizable piece of them: a whole value of thousands of characters is not repeated back.
  const values = broke.values.map((v) => squash(v).slice(0, 24)).filter((v) => v.length > 0);
  // A value of punctuation alone ('..', '%') is looked for as it is.
  const bare = broke.values.filter((v) => squash(v) === '');
  const text = [error.message, error.target ?? '', ...(error.details ?? []).map((d) => d.message)].join(' ');
  // ...or quoted, when it is empty or blank.
  return [...fields, ...values].some((piece) => said.includes(piece)) || bare.some((v) => (v.trim() !== '' && text.includes(v.slice(0, 24))) || text.includes(JSON.stringify(v)));
}

export class Checker {
  #digest: string | undefined;

  constructor(private readonly world: FuzzWorld) {}

  async run(c: FuzzCase): Promise<Outcome> {
    const world = this.world;
    this.#digest ??= await stateDigest(world.service);
    const before = this.#digest;
    const response = await world.app.inject({ method: c.method as 'GET', url: c.url, headers: c.headers, payload: c.payload });
    const after = await stateDigest(world.service);
    const status = response.statusCode;
    const problems: string[] = [];
    let body: unknown;
    try {
      body = response.body === '' ? undefined : JSON.parse(response.body);
    } catch {
      body = undefined;
    }
    const error = (body as { error?: unknown } | undefined)?.error;
    const code = typeof error === 'string' ? error : (error as { code?: string } | undefined)?.code;

    if (status >= 500) problems.push(`answered ${status}: ${response.body.slice(0, 500)}`);
    // A clear error is a short one: it names what is wrong, it does not list thousands of problems.
    if (status >= 400 && response.body.length > MAX_ERROR_BYTES) problems.push(`an error body of ${response.body.length} bytes: ${response.body.slice(0, 200)}`);
    if (status >= 400 && c.method !== 'HEAD') {
      // The token endpoint answers in OAuth2's shape; a URL that reaches no route gets Azure's.
      const routed = !['RouteNotFound', 'InvalidUrl'].includes(code ?? '');
      if (c.route.errors === 'oauth' && routed) {
        const oauth = body as { error?: unknown; error_description?: unknown } | undefined;
        if (typeof oauth?.error !== 'string' || typeof oauth.error_description !== 'string' || oauth.error_description === '') problems.push(`the OAuth2 error body is not OAuth2's: ${response.body.slice(0, 300)}`);
      } else {
        const shape = shapeProblems('arm/common#/definitions/error', body ?? null);
        if (shape.length > 0) problems.push(`the error body breaks the ARM error schema (${shape.join('; ')}): ${response.body.slice(0, 300)}`);
        else {
          const e = (body as { error: { code: string; message: string; target?: string; details?: Array<{ message: string; target?: string }> } }).error;
          if (response.headers['x-ms-error-code'] !== e.code) problems.push(`x-ms-error-code '${String(response.headers['x-ms-error-code'])}' is not the body's code '${e.code}'`);
          const asked = c.broke.fields.length + c.broke.values.length > 0;
          if (asked && ABOUT_THE_REQUEST.has(e.code) && !namesWhatBroke(e, c.broke)) {
            problems.push(`the error does not name what was broken (${[...c.broke.fields, ...c.broke.values.map((v) => v.slice(0, 40))].join(', ')}): ${e.code}: ${e.message.slice(0, 300)}`);
          }
        }
      }
    }
    if (status >= 400 && after !== before) problems.push(`refused with ${status} ${code ?? ''} but the state changed`);
    // The control surface's blob paths are the caller's to choose; URL resolution has already taken their '..' away.
    if (status < 300 && after !== before && c.broke.where && c.route.plane !== 'open') {
      const hostile = c.broke.values.find((v) => HOSTILE.test(v));
      if (hostile !== undefined) problems.push(`accepted ${JSON.stringify(hostile.slice(0, 80))} (${c.broke.fields.join('.')}) and changed the state`);
    }
    if (c.route.plane !== 'open' && c.credential !== validCredential(c.route.plane)) {
      if (status < 400) problems.push(`answered ${status} to the credential '${c.credential}'`);
      else if (c.category === 'tokens' && status !== 401) problems.push(`answered ${status} ${code ?? ''}, not 401, to the credential '${c.credential}'`);
      if (status === 401 && !response.headers['www-authenticate'] && c.route.plane !== 'key') problems.push('a 401 without WWW-Authenticate');
    }

    // An accepted call may change the state; the next case starts from the setup's state again.
    if (after !== before && status < 400) {
      await world.restore();
      this.#digest = await stateDigest(world.service);
    } else {
      this.#digest = after;
    }
    return { status, code, problems };
  }
}
