import type { Command } from 'commander';
import type { GlobalOptions } from '../context.ts';

export function returnCommands(_program: Command, _g: () => GlobalOptions) {}
