/**
 * Batch scoring jobs over ARM (jobs/<name>). Reading a job that has not ended stands for a poll:
 * the virtual clock moves on by the poll interval first, so a client's polling loop sees the job
 * go Queued, Running, then Completed or Failed.
 */
import type { FastifyInstance } from 'fastify';
import { TERMINAL, type BatchJob } from '../../jobs/batch-job.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { answer } from '../app.ts';
import type { SimulatorService } from '../service.ts';
import { envelope, scope, WORKSPACE_PATH } from './resource.ts';

export function jobToArm(ws: Workspace, job: BatchJob) {
  return envelope(
    ws,
    ['jobs', job.name],
    {
      jobType: 'Pipeline',
      status: job.status,
      displayName: job.name,
      experimentName: job.endpointName,
      properties: {
        'azureml.batchrun': 'true',
        'azureml.endpointname': job.endpointName,
        'azureml.deploymentname': job.deploymentName,
        ...(job.result
          ? { 'azureml.succeededItems': String(job.result.succeeded), 'azureml.failedItems': String(job.result.failed), 'azureml.notProcessedItems': String(job.result.notProcessed) }
          : {}),
      },
      services: { Studio: { jobServiceType: 'Studio', endpoint: job.studioUrl } },
      inputs: { input_data: { jobInputType: job.input.type, uri: job.input.uri } },
      outputs: { output_data: { jobOutputType: 'uri_file', uri: `${job.output.uri.replace(/\/$/, '')}/${job.output.fileName}` } },
      error: job.error,
    },
    {},
    job.createdAt,
  );
}

export function registerJobs(app: FastifyInstance, service: SimulatorService): void {
  app.get(`${WORKSPACE_PATH}/jobs/:name`, { config: { arm: true, operation: 'GET jobs' } }, async (request, reply) => {
    const { ws, ml, params } = scope(service, request);
    const job = await ml.jobs.get(params.name);
    if (!TERMINAL.includes(job.status)) await service.sim.clock.advance(service.pollIntervalMs);
    return answer(reply, 200, 'arm/job#/definitions/resource', jobToArm(ws, job));
  });
}
