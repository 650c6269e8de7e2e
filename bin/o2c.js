#!/usr/bin/env node
// The o2c CLI runs its TypeScript sources through tsx, the same way `npm start` runs the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
