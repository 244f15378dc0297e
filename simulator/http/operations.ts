/**
 * Long-running operations (Azure's async pattern): a PUT or DELETE answers 201/202 at once with
 * Azure-AsyncOperation / Location headers; the client polls until the operation ends. The
 * operation's state is read from the resource's own model on the virtual clock.
 */
import { randomUUID } from 'node:crypto';
import { SimError } from '../errors.ts';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationProbe {
  status: OperationStatus;
  error?: { code: string; message: string };
}

export interface Operation {
  id: string;
  /** What it is about, for messages: "PUT batchEndpoints/mnist". */
  description: string;
  region: string;
  subscriptionId: string;
  startTime: number;
  endTime?: number;
  /** Reads the resource's state now. */
  probe: () => OperationProbe;
}

export class Operations {
  readonly #operations = new Map<string, Operation>();

  start(spec: Omit<Operation, 'id'>): Operation {
    const operation = { ...spec, id: randomUUID() };
    this.#operations.set(operation.id, operation);
    return operation;
  }

  get(id: string): Operation {
    const operation = this.#operations.get(id);
    if (!operation) throw new SimError('OperationNotFound', { id });
    return operation;
  }

  /** The operation's state now; its end time is fixed the first time it is seen ended. */
  read(id: string, now: number): OperationProbe & { operation: Operation } {
    const operation = this.get(id);
    const probe = operation.probe();
    if (probe.status !== 'InProgress') operation.endTime ??= now;
    return { ...probe, operation };
  }

  inFlight(): Operation[] {
    return [...this.#operations.values()].filter((o) => o.probe().status === 'InProgress');
  }

  clear(): void {
    this.#operations.clear();
  }
}
