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

/** The error body and status the service answers with: {"error": {code, message, target, details}}. */
export class SimError extends Error {
  readonly code: string;
  readonly status: number;
  readonly target?: string;
  readonly details: ErrorDetail[];

  constructor(code: string, params: Params = {}, options: { target?: string; details?: ErrorDetail[] } = {}) {
    super(formatMessage(code, params));
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
