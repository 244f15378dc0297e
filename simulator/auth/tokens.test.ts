/** A token verified once is remembered: every check after it must still hold, on the virtual clock. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../clock.ts';
import { SimError } from '../errors.ts';
import { AUDIENCES, TokenIssuer, newSigningKeys } from './tokens.ts';

function refused(code: string, problem?: RegExp) {
  return (error: unknown) => error instanceof SimError && error.code === code && (!problem || problem.test(error.message));
}

test('a token is accepted call after call, for its own plane only', async () => {
  const issuer = new TokenIssuer(new VirtualClock());
  const token = await issuer.issue({ resource: AUDIENCES.ml, principalId: 'user-0042' });
  for (let call = 0; call < 3; call++) {
    assert.deepEqual(await issuer.verify(token, 'ml'), { principalId: 'user-0042' });
    await assert.rejects(issuer.verify(token, 'management'), refused('AudienceNotAllowed'));
  }
});

test('a token accepted before is refused once the virtual clock passes its expiry', async () => {
  const clock = new VirtualClock();
  const issuer = new TokenIssuer(clock);
  const token = await issuer.issue({ resource: AUDIENCES.ml, lifetimeSeconds: 60 });
  await issuer.verify(token, 'ml');
  await clock.advance(59_999);
  await issuer.verify(token, 'ml');
  await clock.advance(1);
  await assert.rejects(issuer.verify(token, 'ml'), refused('InvalidToken', /the token has expired/));
  await assert.rejects(issuer.verify(token, 'ml'), refused('InvalidToken', /the token has expired/));
});

test('a token of another directory, or altered, is refused every time', async () => {
  const clock = new VirtualClock();
  const issuer = new TokenIssuer(clock);
  const stranger = await new TokenIssuer(clock).issue({ resource: AUDIENCES.ml });
  const [header, , signature] = (await issuer.issue({ resource: AUDIENCES.ml })).split('.');
  const altered = [header, Buffer.from(JSON.stringify({ aud: AUDIENCES.ml, oid: 'admin' })).toString('base64url'), signature].join('.');
  for (let call = 0; call < 2; call++) {
    await assert.rejects(issuer.verify(stranger, 'ml'), refused('InvalidToken', /the signature does not verify/));
    await assert.rejects(issuer.verify(altered, 'ml'), refused('InvalidToken', /the signature does not verify/));
  }
});

test('a token is not valid before its not-before time, on a directory whose clock is behind', async () => {
  const keys = newSigningKeys();
  const ahead = new VirtualClock();
  await ahead.advance(3_600_000);
  const token = await new TokenIssuer(ahead, undefined, keys).issue({ resource: AUDIENCES.ml });
  const clock = new VirtualClock();
  const issuer = new TokenIssuer(clock, undefined, keys);
  await assert.rejects(issuer.verify(token, 'ml'), refused('InvalidToken', /"nbf" claim timestamp check failed/));
  await clock.advance(3_600_000);
  await issuer.verify(token, 'ml');
});
