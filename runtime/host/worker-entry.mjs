// Worker threads do not inherit the TypeScript loader: register tsx, then load the host.
import { register } from 'tsx/esm/api';

register();
await import('./worker-host.ts');
