/**
 * App registrations of the simulated directory: a client id, its secret and the service principal
 * that tokens issued to it carry. The client-credentials grant checks them (Entra's AADSTS errors).
 */
import { SimError } from '../errors.ts';

export interface Application {
  clientId: string;
  secret: string;
  principalId: string;
}

export class Applications {
  readonly #apps = new Map<string, Application>();

  constructor(private readonly tenantId: string) {}

  register(app: Application): Application {
    this.#apps.set(app.clientId, { ...app });
    return app;
  }

  /** The application whose secret this is; Entra's errors otherwise. */
  authenticate(clientId: string | undefined, secret: string | undefined): Application {
    const app = clientId ? this.#apps.get(clientId) : undefined;
    if (!app) throw new SimError('EntraUnknownClient', { clientId: clientId ?? '', tenant: this.tenantId });
    if (secret !== app.secret) throw new SimError('EntraInvalidClient', { clientId: app.clientId });
    return app;
  }

  list(): Application[] {
    return [...this.#apps.values()].map((a) => ({ ...a }));
  }
}
