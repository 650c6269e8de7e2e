// The event side of the cycle: several Dispatchers with the application's HANDLERS draining the outbox side by
// side (each claims events with FOR UPDATE SKIP LOCKED), woken after every write the way the HTTP server wakes
// its dispatcher. One extra observer handler tells a waiting worker that its order's invoice exists.
import { HANDLERS } from '../src/app/handlers.ts';
import type { Db } from '../src/db/db.ts';
import { Dispatcher, type Handler } from '../src/events/dispatcher.ts';

export interface IssuedInvoice {
  invoiceId: string;
  total: bigint;
  currency: string;
}

/**
 * Invoices by order id. An invoice.issued event is only visible to a dispatcher once the invoicing
 * transaction has committed, so when the observer sees it the invoice can be paid.
 */
class InvoiceMailbox {
  private arrived = new Map<string, IssuedInvoice>();
  private waiting = new Map<string, (inv: IssuedInvoice) => void>();

  deliver(orderId: string, inv: IssuedInvoice): void {
    const w = this.waiting.get(orderId);
    if (w) {
      this.waiting.delete(orderId);
      w(inv);
    } else {
      this.arrived.set(orderId, inv);
    }
  }

  expect(orderId: string, timeoutMs: number): Promise<IssuedInvoice> {
    const ready = this.arrived.get(orderId);
    if (ready) {
      this.arrived.delete(orderId);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(orderId);
        reject(new Error(`no invoice for order ${orderId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(orderId, (inv) => {
        clearTimeout(timer);
        resolve(inv);
      });
    });
  }
}

export class DispatcherPool {
  readonly invoices = new InvoiceMailbox();
  readonly errors: unknown[] = [];
  private readonly dispatchers: Dispatcher[];

  constructor(db: Db, size: number) {
    const observer: Handler = {
      name: 'bench.invoice-ready',
      eventType: 'invoice.issued',
      handle: async (_tx, _s, e) => {
        const d = e.data as { order_id: string; invoice_id: string; total: string; currency: string };
        this.invoices.deliver(d.order_id, { invoiceId: d.invoice_id, total: BigInt(d.total), currency: d.currency });
      },
    };
    const onError = (e: unknown, what: string) => {
      this.errors.push(e);
      process.stderr.write(`bench: dispatcher error (${what}): ${(e as Error)?.stack ?? e}\n`);
    };
    this.dispatchers = Array.from({ length: size }, () => new Dispatcher(db, [...HANDLERS, observer], onError));
  }

  /** After a commit that emitted events: every dispatcher drains (runs coalesce, as in the server). */
  kick(): void {
    for (const d of this.dispatchers) d.wake();
  }

  /** Waits for the running drains, then drains once more so that no event is left pending. */
  async settle(): Promise<void> {
    await Promise.all(this.dispatchers.map((d) => d.stop()));
    await this.dispatchers[0].drain();
  }
}
