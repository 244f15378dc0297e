/** What an HTTP answer holds: the Then steps shared by the REST API features and the conformance kit. */
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import { field } from './support/http.ts';
import type { SimWorld } from './support/world.ts';

const JSON_VALUE = /^the answer's "([^"]*)" is (\{.*\}|\[.*\])$/;

function answer(world: SimWorld) {
  assert.ok(world.answer, 'no request was sent');
  return world.answer;
}

Then(JSON_VALUE, function (this: SimWorld, path: string, json: string) {
  assert.deepEqual(field(answer(this).json, path), JSON.parse(json), answer(this).text);
});

Then('the answer\'s {string} is a string', function (this: SimWorld, path: string) {
  assert.equal(typeof field(answer(this).json, path), 'string', answer(this).text);
});

Then('the answer\'s {string} is an array', function (this: SimWorld, path: string) {
  assert.ok(Array.isArray(field(answer(this).json, path)), answer(this).text);
});

Then('the answer\'s {string} is an object', function (this: SimWorld, path: string) {
  const value = field(answer(this).json, path);
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), answer(this).text);
});

Then('the answer\'s {string} starts with {string}', function (this: SimWorld, path: string, prefix: string) {
  assert.ok(String(field(answer(this).json, path)).startsWith(prefix), answer(this).text);
});

Then('the answer\'s {string} contains {string}', function (this: SimWorld, path: string, text: string) {
  assert.ok(String(field(answer(this).json, path)).includes(text), answer(this).text);
});

Then('the answer\'s header {string} is {string}', function (this: SimWorld, header: string, value: string) {
  assert.equal(answer(this).headers[header.toLowerCase()], value, JSON.stringify(answer(this).headers));
});

Then('the answer is a client error', function (this: SimWorld) {
  const status = answer(this).status;
  assert.ok(status >= 400 && status < 500, `${status}: ${answer(this).text}`);
  this.errorSeen = true;
});

Then('the answer\'s body is empty', function (this: SimWorld) {
  assert.equal(answer(this).text, '');
});

Then(/^the answer's body is empty or (\{.*\})$/, function (this: SimWorld, json: string) {
  const { text, json: body } = answer(this);
  assert.ok(text === '' || JSON.stringify(body) === JSON.stringify(JSON.parse(json)), `body: ${text}`);
});

/** A frame of a JavaScript or Python trace ("    at f (file.js:1:2)", 'File "x.py", line 3'), in text or escaped in JSON. */
const STACK_FRAME = /(?:\n|\\n)\s*at \S.*:\d+:\d+|File \\?".+\\?", line \d+/;

Then('the answer\'s body holds no stack trace', function (this: SimWorld) {
  assert.doesNotMatch(answer(this).text, STACK_FRAME);
  this.errorSeen = true;
});
