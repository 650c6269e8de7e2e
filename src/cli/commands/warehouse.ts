import type { Command } from 'commander';
import type { GlobalOptions } from '../context.ts';

export function warehouseCommands(_program: Command, _g: () => GlobalOptions) {}
