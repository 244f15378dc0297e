/**
 * How scenarios talk HTTP to the simulator: in-process through fastify's inject (the whole request
 * lifecycle, no socket), or to a served simulator over https on loopback, trusting its certificate.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FastifyInstance } from 'fastify';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type HttpCaller = (request: HttpRequest) => Promise<HttpAnswer>;

/** A value inside a JSON body by its dotted path ("properties.status", "outputs.0.shape"). */
export function field(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

function parsed(status: number, headers: Record<string, string>, text: string): HttpAnswer {
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

export function injectCaller(app: FastifyInstance): HttpCaller {
  return async ({ method, url, headers, body }) => {
    const response = await app.inject({ method: method as 'GET', url, headers, payload: body });
    return parsed(response.statusCode, response.headers as Record<string, string>, response.body);
  };
}

/** Sends with node's http or https request function and reads the whole answer. */
function nodeCaller(send: (request: HttpRequest, onAnswer: (response: IncomingMessage) => void) => ClientRequest): HttpCaller {
  return (request) =>
    new Promise((resolve, reject) => {
      const outgoing = send(request, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve(parsed(response.statusCode ?? 0, response.headers as Record<string, string>, Buffer.concat(chunks).toString('utf8'))));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
}

/** A caller for https://127.0.0.1:<port> that trusts the server's own certificate (and only it). */
export function httpsCaller(baseUrl: string, ca: string): HttpCaller {
  return nodeCaller(({ method, url, headers }, onAnswer) => httpsRequest(new URL(url, baseUrl), { method, headers, ca }, onAnswer));
}

/** A caller for a runtime server: http://127.0.0.1:<port> or unix:<socket path>. */
export function runtimeCaller(address: string): HttpCaller {
  const target = address.startsWith('unix:') ? { socketPath: address.slice('unix:'.length) } : { host: '127.0.0.1', port: Number(new URL(address).port) };
  return nodeCaller(({ method, url, headers }, onAnswer) => httpRequest({ ...target, method, path: url, headers }, onAnswer));
}
