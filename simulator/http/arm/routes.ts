/** Every Azure Resource Manager route of Microsoft.MachineLearningServices the simulator serves. */
import type { FastifyInstance } from 'fastify';
import { registerOperations } from '../lro.ts';
import type { SimulatorService } from '../service.ts';
import { registerAssets } from './assets.ts';
import { registerBatchEndpoints } from './batch-endpoints.ts';
import { registerComputes } from './computes.ts';
import { registerDatastores } from './datastores.ts';
import { registerJobs } from './jobs.ts';
import { registerOnlineEndpoints } from './online-endpoints.ts';
import { registerWorkspaces } from './workspaces.ts';

export function registerArm(app: FastifyInstance, service: SimulatorService): void {
  registerWorkspaces(app, service);
  registerComputes(app, service);
  registerDatastores(app, service);
  registerAssets(app, service);
  registerBatchEndpoints(app, service);
  registerOnlineEndpoints(app, service);
  registerJobs(app, service);
  registerOperations(app, service);
}
