// Azurite's blob service in a child process that ends with its parent: when the IPC channel
// closes (the parent stopped it, exited or was killed), the child exits, so no Azurite outlives
// the run that started it.
import { createRequire } from 'node:module';

process.on('disconnect', () => process.exit(0));
createRequire(import.meta.url)('azurite/dist/src/blob/main.js');
