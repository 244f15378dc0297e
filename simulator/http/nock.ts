/**
 * Unmodified code that calls the real Azure hosts reaches an in-process simulator: nock intercepts
 * management.azure.com, login.microsoftonline.com and the scoring hosts
 * (<endpoint>.<region>.inference.ml.azure.com) and hands each request to the app with
 * fastify's inject, so nothing goes on the network and no certificate is needed.
 */
import type { FastifyInstance } from 'fastify';
import nock from 'nock';

const HOSTS = ['https://management.azure.com', 'https://login.microsoftonline.com', /^https:\/\/[a-z0-9-]+\.[a-z0-9]+\.inference\.ml\.azure\.com/i];
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'];

/** Starts intercepting; the function it returns stops it. */
export function interceptAzure(app: FastifyInstance): () => void {
  const scopes = HOSTS.map((host) => {
    const scope = nock(host).persist();
    for (const method of METHODS) {
      scope.intercept(/.*/, method).reply(function (path, body, callback) {
        const headers = { ...(this.req.headers as Record<string, string>) };
        const payload = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
        app
          .inject({ method: method as 'GET', url: path, headers, payload })
          .then((response) => callback(null, [response.statusCode, response.rawPayload, response.headers as Record<string, string>]))
          .catch((error: Error) => callback(error, [500, '']));
      });
    }
    return scope;
  });
  return () => {
    for (const scope of scopes) scope.persist(false);
    nock.cleanAll();
  };
}
