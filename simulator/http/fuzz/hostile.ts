/**
 * Hostile values: names and URIs that climb out of their folder or smuggle separators, strings
 * that break naive text handling, numbers at the edges of what JSON can say, and JSON text too
 * deep to walk recursively. Everything here is data; the fuzzers pick from it and from fast-check's
 * own generators.
 */
import fc from 'fast-check';

/** Path segments as a caller could send them (already URL-encoded where they need to be). */
export const HOSTILE_NAMES = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%2f',
  'a%2fb',
  'a%2f..%2f..%2fb',
  '%00',
  'a%00b',
  '%C0%AE%C0%AE',
  '%FF%FE',
  '%E0%A4%A',
  '%',
  '%zz',
  '~',
  '%20',
  'a%20',
  '%0d%0aX-Injected:%201',
  '$(whoami)',
  '%60id%60',
  '%24%7Bjndi:ldap:%2F%2Fx%7D',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  "'%20OR%20'1'='1",
  'CON',
  'nul',
  'name%3Fapi-version=2022-05-01',
  'name%23fragment',
  'x'.repeat(300),
  'y'.repeat(5000),
  encodeURIComponent('名前'),
  encodeURIComponent('💥'),
  encodeURIComponent('\u202Eevil'),
  encodeURIComponent('ＡＢＣ'),
  'FUZZ-BATCH',
];

/** URIs and resource ids that point outside where they may, or cannot be read at all. */
export function hostileUris(folders: { code: string; model: string }, workspaceId: string): string[] {
  return [
    'file:///etc/passwd',
    'file:///etc',
    'file:///../../etc/passwd',
    `file://${folders.code}/../../..`,
    `${folders.code}/../model`,
    `${folders.model}/%2e%2e/%2e%2e`,
    'file:///%2e%2e/%2e%2e/etc',
    'file:///tmp%2F..%2Fetc',
    'file://evil.example.com/share/model',
    'file://',
    'file:',
    'file:///nonexistent/folder',
    '/',
    '/proc/self',
    '/proc/self/environ',
    '/dev/zero',
    '/dev/null',
    '/nonexistent',
    'C:\\Windows\\System32',
    '\\\\server\\share\\model',
    '../../etc',
    './model',
    '~/.ssh',
    '',
    ' ',
    'azureml://datastores/workspaceblobstore/paths/../../secret',
    'azureml://datastores/workspaceblobstore/paths/%2e%2e/%2e%2e/secret',
    'azureml://datastores/workspaceblobstore/paths/a/%2E%2E/%2E%2E/b',
    'azureml://datastores/workspaceblobstore/paths/%E0%A4%A',
    'azureml://datastores/workspaceblobstore/paths/%',
    'azureml://datastores/../paths/x',
    'azureml://datastores/nostore/paths/x',
    'azureml://datastores/workspaceblobstore/paths/',
    'https://evil.blob.core.windows.net/c/../../x',
    'https://wsstore.blob.core.windows.net/%2e%2e/x',
    'https://wsstore.blob.core.windows.net/c/%ZZ',
    'http://169.254.169.254/metadata/identity/oauth2/token',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'azureml:data:1/../../x',
    'azureml:../../x:1',
    'azureml:',
    'azureml:data',
    'azureml:data@latest',
    `${workspaceId}/models/../../x/versions/1`,
    `${workspaceId}/models/model/versions/..`,
    `${workspaceId}/computes/..`,
    `${workspaceId}/computes/%2e%2e`,
    `${workspaceId}/codes/code/versions/1/../../../environments/env/versions/1`,
    '/subscriptions/../../',
    `${workspaceId.replace('/ws', '/other')}/models/model/versions/1`,
  ];
}

/** Strings that break naive handling: control characters, lone surrogates, direction marks, injections. */
export const hostileStrings: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uDFFFx\uD800',
    '\u202Eevil\u202C',
    'e\u0301\u0301\u0301',
    '🤖'.repeat(500),
    '\uFEFF',
    'ａｂｃ',
    '\r\nX-Injected: 1',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '{{7*7}}',
    "'; DROP TABLE jobs; --",
    '__proto__',
    'constructor',
    '%s%s%s%n',
    '{kind}',
    'Ω≈ç√∫˜µ≤≥÷',
  ),
);

/** YAML that does not parse, parses into the wrong shape, or expands explosively. */
export const HOSTILE_YAML = [
  'dependencies: [',
  ': : :',
  'dependencies:\n  - pip: 3\n',
  'dependencies: 42',
  'dependencies:\n  - pip:\n    - {a: b}\n',
  'dependencies:\n  - 7\n  - null\n',
  '- just\n- a list\n',
  '"a string"',
  '!!js/function "function(){}"',
  '!!binary ZmFrZQ==',
  '&a [*a]',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ndependencies: [*h]\n',
  `dependencies:${'\n  - '.repeat(1)}${'['.repeat(5000)}`,
  '\t\tdependencies:\n\t- x',
  '%YAML 9.9\n---\na: 1',
];

/** JSON numbers at the edges: overflow, underflow, beyond integer precision, negative zero. */
export const HUGE_NUMBERS = ['1e999', '-1e999', '1e-999', '-0', '123456789012345678901234567890', '9007199254740993', '1e308', '-1e308', '2147483648', '-9223372036854775808', '0.1e-400'];

/** JSON text nested `depth` levels deep: arrays, objects or both. */
export function deepJson(depth: number, kind: 'array' | 'object' | 'mixed'): string {
  if (kind === 'array') return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  if (kind === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

/** Percent-encodes every byte outside the unreserved set, so any string fits in a path segment. */
export function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
