/** A failed check's report holds the request it sent last and the answer it got. */
import { After, Status } from '@cucumber/cucumber';
import type { SimWorld } from '../../steps/support/world.ts';
import { EXCHANGE_MEDIA_TYPE } from '../../scripts/conformance/summary.ts';

After(function (this: SimWorld, { result }) {
  if (result?.status === Status.FAILED && this.lastExchange) this.attach(JSON.stringify(this.lastExchange), EXCHANGE_MEDIA_TYPE);
});
