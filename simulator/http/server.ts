/** Starts the simulator's HTTP surface on 127.0.0.1: https with its own certificate, or plain http. */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime/runtime.ts';
import { buildApp } from './app.ts';
import { SimulatorService, type ServiceOptions } from './service.ts';
import { serverCertificate } from './tls.ts';

export interface ServerOptions extends Omit<ServiceOptions, 'runtime'> {
  runtime: Runtime;
  /** 0 picks a free port. */
  port?: number;
  /** Plain http (no certificate); the official SDK then refuses to send tokens. */
  insecure?: boolean;
  tlsDir?: string;
}

export interface RunningServer {
  url: string;
  /** The certificate clients trust (NODE_EXTRA_CA_CERTS); undefined over plain http. */
  certPath?: string;
  service: SimulatorService;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const service = new SimulatorService(options);
  const tls = options.insecure ? undefined : await serverCertificate(options.tlsDir);
  const app = buildApp(service, { https: tls && { key: tls.key, cert: tls.cert } });
  // Loopback only: nothing here is meant to be reachable from another machine.
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    certPath: tls?.certPath,
    service,
    app,
    close: async () => {
      await app.close();
      await service.close();
    },
  };
}
