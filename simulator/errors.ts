/**
 * Every error the simulator raises is made here from the catalog in specs/errors.json, so the
 * wording lives in one place, as data (Azurite's StorageErrorFactory is the model).
 */
import { errorCatalog, formatMessage, type Params } from '../specs/errors.ts';

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/** A message quotes at most this much of a value: a caller's megabyte comes back as its start and its length. */
const MAX_QUOTE = 2048;

function quoted(params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' && value.length > MAX_QUOTE ? `${value.slice(0, MAX_QUOTE)}… (${value.length} characters)` : value]));
}

/** The error body and status the service answers with: {"error": {code, message, target, details}}. */
export class SimError extends Error {
  readonly code: string;
  readonly status: number;
  readonly target?: string;
  readonly details: ErrorDetail[];

  constructor(code: string, params: Params = {}, options: { target?: string; details?: ErrorDetail[] } = {}) {
    super(formatMessage(code, quoted(params)));
    this.name = 'SimError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.target = options.target;
    this.details = options.details ?? [];
  }

  toBody(): { error: { code: string; message: string; target?: string; details: ErrorDetail[] } } {
    return { error: { code: this.code, message: this.message, target: this.target, details: this.details } };
  }
}
