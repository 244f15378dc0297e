import { After, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { makeFixtures } from '../../fixtures/make.ts';
import type { SimWorld } from './world.ts';

// Scenarios run minutes of service time on the virtual clock; real time is worker start-up only.
setDefaultTimeout(60_000);

BeforeAll(async () => {
  await makeFixtures();
});

After(async function (this: SimWorld) {
  await this.close();
  if (!this.errorSeen) {
    throw new Error(`The last request was refused and no step looked at it: ${this.lastError?.code}: ${this.lastError?.message}`);
  }
});
