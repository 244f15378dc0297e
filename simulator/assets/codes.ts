/**
 * Code versions: a registered snapshot of scoring code. Over REST a deployment names its code by
 * id; the simulator reads the folder where the code URI points, on its own machine.
 */
import type { Versioned } from './registry.ts';

export interface CodeAsset extends Versioned {
  /** The code URI as registered. */
  uri: string;
  /** The folder it resolves to on the simulator's machine. */
  path: string;
}
