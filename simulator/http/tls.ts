/**
 * The server's own certificate: self-signed for 127.0.0.1 and localhost, made once and kept in a
 * folder so clients can trust it across restarts (NODE_EXTRA_CA_CERTS=<cert path>). The official
 * SDK sends bearer tokens over https only, so the simulator has to speak TLS.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join, resolve } from 'node:path';

export interface ServerCertificate {
  key: string;
  cert: string;
  /** Where the certificate (PEM) is, for NODE_EXTRA_CA_CERTS. */
  certPath: string;
}

/** Next to the bundle cache: git-ignored, survives between runs, shared by every checkout process. */
export const DEFAULT_TLS_DIR = resolve('node_modules/.cache/azureml-sim/tls');

const DAY_MS = 86_400_000;

export async function serverCertificate(dir = DEFAULT_TLS_DIR): Promise<ServerCertificate> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath) && stillValid(readFileSync(certPath, 'utf8'))) {
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
  }
  const notAfterDate = new Date(Date.now() + 365 * DAY_MS);
  // Loaded only to make a certificate (once per checkout): it takes a tenth of a second.
  const { default: selfsigned } = await import('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  mkdirSync(dir, { recursive: true });
  // Written aside then renamed: two processes may make one at the same time; each file stays whole.
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(keyPath + suffix, pems.private, { mode: 0o600 });
  writeFileSync(certPath + suffix, pems.cert);
  renameSync(keyPath + suffix, keyPath);
  renameSync(certPath + suffix, certPath);
  return serverCertificate(dir);
}

function stillValid(pem: string): boolean {
  try {
    return new Date(new X509Certificate(pem).validTo).getTime() > Date.now() + DAY_MS;
  } catch {
    return false;
  }
}
