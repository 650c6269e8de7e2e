// Review queues: who reviews which kind of hold, and the two decisions (release, reject).
import { api } from './api.ts';
import { hasRole, type Session } from './session.ts';
import type { HoldKind, Order } from './types.ts';

/** The role that reviews each queue (admin reviews all), as the server enforces it. */
export const HOLD_ROLES: Record<HoldKind, string> = { verification: 'sales', fraud: 'credit', credit: 'credit' };

export const HOLD_LABEL: Record<HoldKind, string> = { verification: 'Verification', fraud: 'Fraud', credit: 'Credit' };

export function mayReview(session: Session | null, kind: HoldKind): boolean {
  return hasRole(session, HOLD_ROLES[kind]);
}

export type HoldDecision = 'release' | 'reject';

export function decideHold(orderId: string, kind: HoldKind, decision: HoldDecision, reason: string): Promise<Order> {
  return api.post<Order>(`/api/orders/${encodeURIComponent(orderId)}/holds/${kind}/${decision}`, { reason });
}

/** What happened to the order after a decision, for the confirmation message. */
export function decisionOutcome(order: Order, kind: HoldKind, decision: HoldDecision): string {
  const label = HOLD_LABEL[kind].toLowerCase();
  if (decision === 'reject') return `Order ${order.order_number} rejected at ${label} review and cancelled.`;
  if (order.status === 'allocated') return `Order ${order.order_number}: ${label} hold released — the order is confirmed and its stock reserved.`;
  if (order.status === 'on_hold') return `Order ${order.order_number}: ${label} hold released — still waiting for ${order.hold_reason ?? 'another'} review.`;
  return `Order ${order.order_number}: ${label} hold released (now ${order.status.replace(/_/g, ' ')}).`;
}
