import { appendFileSync } from 'node:fs';
import { After, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { DEFAULT_EPOCH } from '../../simulator/clock.ts';
import { makeFixtures } from '../../fixtures/make.ts';
import { requireImage, RUNTIME_IMAGE } from '../../runtime/container/image.ts';
import { leakedSecrets } from './secrets.ts';
import { RUNTIME, type SimWorld } from './world.ts';

// Scenarios run minutes of service time on the virtual clock; real time is worker start-up only.
setDefaultTimeout(60_000);

BeforeAll(async () => {
  await makeFixtures();
  // The container runtime needs its image (npm run runtime:image) and a running engine: missing
  // either is a failure with the fix in it, never a skip.
  if (RUNTIME === 'container') await requireImage(RUNTIME_IMAGE);
});

After(async function (this: SimWorld) {
  // For the suite benchmark: how much service time this scenario covered on the virtual clock.
  const ledger = process.env.SIM_SERVICE_TIME_FILE;
  if (ledger && this.simulatorStarted) appendFileSync(ledger, `${this.sim.clock.now() - DEFAULT_EPOCH}\n`);
  const leaks = leakedSecrets(this);
  await this.close();
  if (leaks.length > 0) throw new Error(`Secrets leaked: ${leaks.join('; ')}`);
  if (!this.errorSeen) {
    throw new Error(`The last request was refused and no step looked at it: ${this.lastError?.code}: ${this.lastError?.message}`);
  }
});
