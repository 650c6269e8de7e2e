import type { Sql } from '../db/db.ts';

/** The accounts every tenant starts with; the codes are what other contexts post to. */
export const ACCOUNTS = {
  bank: '1000',
  receivables: '1100',
  allowanceForDoubtfulAccounts: '1190',
  inventory: '1200',
  gatewayClearing: '1300',
  directDebitsInCollection: '1310',
  goodsReceived: '2000',
  taxPayable: '2100',
  unappliedCash: '2200',
  customerDeposits: '2300',
  openingBalance: '3000',
  revenue: '4000',
  chargeRevenue: '4100',
  dunningFees: '4800',
  rounding: '4900',
  salesDiscounts: '4910',
  deductions: '4920',
  cogs: '5000',
  inventoryShrinkage: '5100',
  processingFees: '6400',
  chargebackFees: '6410',
  bankCharges: '6420',
  badDebtExpense: '6500',
  fxGain: '7100',
  fxLoss: '7200',
  interestIncome: '7300',
} as const;

export type AccountCode = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

const CHART: [string, string, string][] = [
  [ACCOUNTS.bank, 'Bank', 'asset'],
  [ACCOUNTS.receivables, 'Accounts receivable', 'asset'],
  [ACCOUNTS.allowanceForDoubtfulAccounts, 'Allowance for doubtful accounts', 'asset'],
  [ACCOUNTS.inventory, 'Inventory', 'asset'],
  [ACCOUNTS.gatewayClearing, 'Payment gateway clearing', 'asset'],
  [ACCOUNTS.directDebitsInCollection, 'Direct debits in collection', 'asset'],
  [ACCOUNTS.goodsReceived, 'Goods received not invoiced', 'liability'],
  [ACCOUNTS.taxPayable, 'Output tax payable', 'liability'],
  [ACCOUNTS.unappliedCash, 'Unapplied cash', 'liability'],
  [ACCOUNTS.customerDeposits, 'Customer deposits', 'liability'],
  [ACCOUNTS.openingBalance, 'Opening balance equity', 'equity'],
  [ACCOUNTS.revenue, 'Revenue', 'revenue'],
  [ACCOUNTS.chargeRevenue, 'Revenue from charges (freight, handling)', 'revenue'],
  [ACCOUNTS.dunningFees, 'Dunning fees (other income)', 'revenue'],
  [ACCOUNTS.rounding, 'Rounding differences', 'revenue'],
  [ACCOUNTS.salesDiscounts, 'Sales discounts (early payment)', 'revenue'],
  [ACCOUNTS.deductions, 'Customer deductions accepted', 'revenue'],
  [ACCOUNTS.cogs, 'Cost of goods sold', 'expense'],
  [ACCOUNTS.inventoryShrinkage, 'Inventory shrinkage and write-offs', 'expense'],
  [ACCOUNTS.processingFees, 'Payment processing fees', 'expense'],
  [ACCOUNTS.chargebackFees, 'Chargeback fees', 'expense'],
  [ACCOUNTS.bankCharges, 'Bank charges', 'expense'],
  [ACCOUNTS.badDebtExpense, 'Bad-debt expense', 'expense'],
  [ACCOUNTS.fxGain, 'Realised FX gain', 'revenue'],
  [ACCOUNTS.fxLoss, 'Realised FX loss', 'expense'],
  [ACCOUNTS.interestIncome, 'Interest income (default interest)', 'revenue'],
];

export async function installChart(tx: Sql, tenantId: string): Promise<void> {
  for (const [code, name, type] of CHART) {
    await tx.query(
      'INSERT INTO accounts (tenant_id, code, name, type) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [tenantId, code, name, type],
    );
  }
}
