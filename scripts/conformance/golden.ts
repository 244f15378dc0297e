/**
 * Writes the kit's golden requests and answers (conformance/golden/*.json) from our own runtime:
 * a digit of the fixtures, scored through /score and through the Open Inference Protocol.
 *   tsx scripts/conformance/golden.ts
 * Run it when a fixture model changes on purpose; otherwise the golden files are what runtimes
 * are held to.
 */
import '../../runtime/telemetry-off.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { decodeDigitPng } from '../../fixtures/digits.ts';
import { makeFixtures } from '../../fixtures/make.ts';
import { Agent } from '../../runtime/server/agent-server.ts';
import { FIXTURES } from '../../conformance/fixtures.ts';

const DIGIT = 'fixtures/generated/inputs/digits/digit-007-7.png';

function post(port: number, path: string, body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`${path}: ${res.statusCode} ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function served<T>(fixture: string, use: (port: number) => Promise<T>): Promise<T> {
  const agent = new Agent({ ...process.env, ...FIXTURES[fixture].env, AGENT_PORT: '0' });
  const port = Number((await agent.start()).split(':')[1]);
  try {
    for (let i = 0; i < 600; i++) {
      try {
        return await use(port);
      } catch (error) {
        if (!/ 503 /.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100)); // init() still running
      }
    }
    throw new Error(`${fixture} never got ready`);
  } finally {
    await agent.close();
  }
}

await makeFixtures();
// Rounded so the request file stays readable; the runtime scores exactly these numbers.
const pixels = Array.from(decodeDigitPng(readFileSync(DIGIT)), (v) => Math.round(v * 1e4) / 1e4);
const write = (name: string, golden: unknown) => writeFileSync(`conformance/golden/${name}.json`, `${JSON.stringify(golden)}\n`);

const scoreRequest = { data: [pixels] };
write('online-digits', { request: scoreRequest, response: await served('online-digits', (port) => post(port, '/score', scoreRequest)), tolerance: 0 });

const inferRequest = { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 784], data: pixels }] };
const inferred = (await served('oip-digits', (port) => post(port, '/v2/models/digits/infer', inferRequest))) as Record<string, unknown>;
write('oip-digits', { request: inferRequest, response: { model_name: inferred.model_name, outputs: inferred.outputs }, tolerance: 1e-5 });
console.log('wrote conformance/golden/online-digits.json and oip-digits.json');
