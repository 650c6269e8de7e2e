import type { Handler } from '../events/dispatcher.ts';

export const returnHandlers: Handler[] = [];
