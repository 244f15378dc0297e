/** The outcome of the last request: refused (with the documented message) or accepted. */
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import type { SimWorld } from './support/world.ts';

Then(/^the request is refused with (\d+) (\w+)$/, function (this: SimWorld, status: string, code: string) {
  const error = this.takeError();
  assert.equal(`${error.status} ${error.code}`, `${status} ${code}`, error.message);
});

Then(/^the request is refused with (\d+) (\w+):$/, function (this: SimWorld, status: string, code: string, message: string) {
  const error = this.takeError();
  assert.equal(`${error.status} ${error.code}`, `${status} ${code}`, error.message);
  assert.equal(error.message, message.trim());
});

Then('the error names the field {string}', function (this: SimWorld, field: string) {
  const error = this.takeError();
  assert.ok(error.details.some((d) => d.target === field) || error.target === field, `no detail names ${field}: ${error.message}`);
});

Then('the error message contains {string}', function (this: SimWorld, text: string) {
  assert.ok(this.takeError().message.includes(text), `"${this.lastError?.message}" does not contain "${text}"`);
});

Then('the request succeeds', function (this: SimWorld) {
  this.errorSeen = true;
  assert.equal(this.lastError, undefined, this.lastError && `${this.lastError.code}: ${this.lastError.message}`);
});
