/**
 * A Microsoft Entra ID stand-in: issues signed JWTs for a resource (audience) and checks them on
 * every call. Batch invocation needs https://ml.azure.com; management calls need
 * https://management.azure.com; a token is good for one of them only (BE-20).
 */
import { SignJWT, decodeJwt, errors as joseErrors, exportJWK, generateKeyPair, jwtVerify, type JWK, type JWTPayload, type KeyObject } from 'jose';
import { SimError } from '../errors.ts';
import type { VirtualClock } from '../clock.ts';
import { Applications } from './applications.ts';

export const AUDIENCES = {
  management: 'https://management.azure.com',
  ml: 'https://ml.azure.com',
} as const;
export type Plane = keyof typeof AUDIENCES;

/** Verified tokens a directory remembers at most. */
const MAX_VERIFIED = 10_000;

export interface SigningKeys {
  privateKey: KeyObject | CryptoKey;
  publicKey: KeyObject | CryptoKey;
}

export function newSigningKeys(): Promise<SigningKeys> {
  return generateKeyPair('ES256');
}

export interface TokenRequest {
  /** The resource the token is asked for: its audience. */
  resource: string;
  principalId?: string;
  /** Lifetime in seconds (Entra's default is about an hour). */
  lifetimeSeconds?: number;
}

export class TokenIssuer {
  readonly tenantId: string;
  /** The directory's app registrations, for the client-credentials grant. */
  readonly applications: Applications;
  #keys?: Promise<SigningKeys>;
  /**
   * Tokens whose signature and issuer this directory has verified, with their validity window in
   * seconds. A client sends the same token on call after call (every poll of a job); checking its
   * ECDSA signature again each time took most of a scenario's CPU outside its scripts.
   */
  #verified = new Map<string, { notBefore: number; expires: number; payload: JWTPayload }>();

  constructor(
    private readonly clock: VirtualClock,
    tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47',
    /** Keys shared with other instances of one directory (a service's state survives a reset, its keys too). */
    keys?: Promise<SigningKeys>,
  ) {
    this.tenantId = tenantId;
    this.#keys = keys;
    this.applications = new Applications(tenantId);
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  #keyPair() {
    this.#keys ??= newSigningKeys();
    return this.#keys;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const { publicKey } = await this.#keyPair();
    return { keys: [{ ...(await exportJWK(publicKey)), kid: 'sim-1', alg: 'ES256', use: 'sig' }] };
  }

  async issue(request: TokenRequest): Promise<string> {
    const { privateKey } = await this.#keyPair();
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ tid: this.tenantId, oid: request.principalId ?? 'user-0001', scp: 'user_impersonation' })
      .setProtectedHeader({ alg: 'ES256', kid: 'sim-1', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(request.resource)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + (request.lifetimeSeconds ?? 3600))
      .sign(privateKey);
  }

  /** Checks signature, issuer, tenant, expiry (on the virtual clock) and the audience of the plane. */
  async verify(token: string | undefined, plane: Plane): Promise<{ principalId: string }> {
    if (!token) throw new SimError('InvalidToken', { problem: 'no bearer token was sent' });
    const expected = AUDIENCES[plane];
    try {
      const payload = this.#stillValid(token) ?? (await this.#verifySignature(token));
      const audiences = [payload.aud ?? []].flat().map((a) => a.replace(/\/$/, ''));
      if (!audiences.includes(expected)) throw new SimError('AudienceNotAllowed', {}, { target: 'aud' });
      if (payload.tid !== this.tenantId) throw new SimError('InvalidToken', { problem: `tenant '${String(payload.tid)}' is not this directory` });
      return { principalId: String(payload.oid ?? '') };
    } catch (error) {
      if (error instanceof SimError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new SimError('InvalidToken', { problem: 'the token has expired' });
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw new SimError('InvalidToken', { problem: 'the signature does not verify' });
      throw new SimError('InvalidToken', { problem: (error as Error).message });
    }
  }

  /** The payload of a token verified before, if the virtual clock is inside its window; else jose checks it all again. */
  #stillValid(token: string): JWTPayload | undefined {
    const known = this.#verified.get(token);
    const now = Math.floor(this.clock.now() / 1000); // as jose compares
    return known && known.notBefore <= now && now < known.expires ? known.payload : undefined;
  }

  async #verifySignature(token: string): Promise<JWTPayload> {
    const { publicKey } = await this.#keyPair();
    const { payload } = await jwtVerify(token, publicKey, { issuer: this.issuer, currentDate: this.clock.date(), algorithms: ['ES256'] });
    // Bounded for a long-lived server: forgetting a token only costs one more signature check.
    if (this.#verified.size >= MAX_VERIFIED) this.#verified.clear();
    this.#verified.set(token, { notBefore: payload.nbf ?? Number.NEGATIVE_INFINITY, expires: payload.exp ?? Number.POSITIVE_INFINITY, payload });
    return payload;
  }

  /** The audience a token was issued for, read without verification (for messages only). */
  static audienceOf(token: string): string {
    return String(decodeJwt(token).aud ?? '');
  }
}
