import { Command } from 'commander';
import { setupCommands } from './commands/setup.ts';
import { masterDataCommands } from './commands/master-data.ts';
import { orderCommands } from './commands/orders.ts';
import { orderDeskCommands } from './commands/order-desk.ts';
import { financeCommands } from './commands/finance.ts';
import { warehouseCommands } from './commands/warehouse.ts';
import { returnCommands } from './commands/returns.ts';
import { fxCommands } from './commands/fx.ts';
import { collectionCommands } from './commands/collections.ts';
import { paymentGatewayCommands } from './commands/payment-gateways.ts';
import { cashappCommands } from './commands/cashapp.ts';
import { arCommands } from './commands/ar.ts';
import { directDebitCommands } from './commands/direct-debit.ts';
import { describeError } from './context.ts';

const program = new Command('o2c')
  .description('o2c operator tool: works straight on the database (embedded in --data-dir / $O2C_DATA_DIR / ./data, or PostgreSQL from $DATABASE_URL)')
  .option('--data-dir <dir>', 'embedded database folder (default $O2C_DATA_DIR or ./data)')
  .option('--tenant <slug>', 'tenant to work on (default: the only one)')
  .showHelpAfterError();
const g = () => program.opts<{ dataDir?: string; tenant?: string }>();

setupCommands(program, g);
const imp = program.command('import').description('load files (CSV)');
masterDataCommands(program, g, imp);
orderDeskCommands(program, g, orderCommands(program, g, imp));
financeCommands(program, g);
paymentGatewayCommands(program, g);
warehouseCommands(program, g);
returnCommands(program, g);
fxCommands(program, g);
collectionCommands(program, g);
cashappCommands(program, g, imp);
arCommands(program, g);
directDebitCommands(program, g);

program.parseAsync(process.argv).catch((e) => {
  const { message, code } = describeError(e);
  process.stderr.write(`o2c: ${message}\n`);
  process.exit(code);
});
