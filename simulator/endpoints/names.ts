/**
 * Endpoint names are unique per region, across workspaces: a name is taken while its endpoint
 * exists and while it is being deleted; another region may use it (BE-05).
 */
export type NameState = 'in-use' | 'deleting';

export class EndpointNames {
  readonly #byRegion = new Map<string, Map<string, NameState>>();

  state(region: string, name: string): NameState | undefined {
    return this.#byRegion.get(region)?.get(name.toLowerCase());
  }

  take(region: string, name: string): boolean {
    if (this.state(region, name)) return false;
    if (!this.#byRegion.has(region)) this.#byRegion.set(region, new Map());
    this.#byRegion.get(region)!.set(name.toLowerCase(), 'in-use');
    return true;
  }

  markDeleting(region: string, name: string): void {
    this.#byRegion.get(region)?.set(name.toLowerCase(), 'deleting');
  }

  release(region: string, name: string): void {
    this.#byRegion.get(region)?.delete(name.toLowerCase());
  }
}
