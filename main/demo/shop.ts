import type { CanonicalRow } from '../store/batches';
import { onboardingPackage, shopProducts, trend, type ShopProduct } from './company';
import { isoDay, isWeekend } from './days';
import type { Random } from './random';
import type { Customer } from './sales';
import type { Timeline } from './timeline';

/**
 * The web shop: customers order add-on products now and then (some far more often than others),
 * new customers often start with an onboarding package, and a few orders are cancelled. Each row
 * is an order line; an order of several products shares its order_id.
 */

interface Line {
  readonly product: ShopProduct;
  readonly quantity: number;
  readonly unitPrice: number;
}

interface Order {
  readonly customer: Customer;
  readonly day: number;
  readonly lines: readonly Line[];
  readonly cancelled: boolean;
}

const cents = (x: number): number => Math.round(x * 100) / 100;

function line(rng: Random, product: ShopProduct): Line {
  const discount = rng.chance(0.15) ? rng.pick([0.9, 0.85, 0.8]) : 1;
  return { product, quantity: rng.int(1, product.maxQuantity), unitPrice: cents(product.price * discount) };
}

function orderLines(rng: Random): Line[] {
  const count = Math.min(3, 1 + rng.poisson(0.5));
  const chosen: ShopProduct[] = [];
  while (chosen.length < count) {
    const p = rng.weighted(shopProducts, (x) => (chosen.includes(x) ? 0 : x.weight));
    chosen.push(p);
  }
  return chosen.map((p) => line(rng, p));
}

function activeUntil(c: Customer, tl: Timeline): number {
  return c.churned === null ? tl.end : Math.min(tl.end, c.churned - 1);
}

export function orderRows(rng: Random, customers: readonly Customer[], tl: Timeline): CanonicalRow[] {
  const orders: Order[] = [];
  for (const c of customers) {
    const last = activeUntil(c, tl);
    if (c.acquired >= tl.start && c.acquired <= last && rng.chance(0.6)) {
      const day = Math.min(last, c.acquired + rng.int(0, 10));
      orders.push({ customer: c, day, lines: [line(rng, onboardingPackage)], cancelled: false });
    }
    tl.months.forEach((month, m) => {
      const from = Math.max(month, c.acquired);
      const to = Math.min((tl.months[m + 1] ?? tl.end + 1) - 1, last);
      if (from > to) return;
      const quarter = Math.floor(m / 3);
      const count = rng.poisson(c.orderRate * trend(1, 1.3, quarter) * ((to - from + 1) / 30));
      for (let i = 0; i < count; i++) {
        let day = rng.int(from, to);
        if (isWeekend(day) && rng.chance(0.5)) day = rng.int(from, to);
        orders.push({ customer: c, day, lines: orderLines(rng), cancelled: rng.chance(0.03) });
      }
    });
  }
  orders.sort((a, b) => a.day - b.day || (a.customer.id < b.customer.id ? -1 : a.customer.id > b.customer.id ? 1 : 0));
  const rows: CanonicalRow[] = [];
  orders.forEach((o, i) => {
    o.lines.forEach((l, n) => {
      rows.push({
        order_id: `SO-${10001 + i}`,
        // The shop system numbers an order's lines: each line is a record of its own.
        line_id: `SO-${10001 + i}-${n + 1}`,
        customer_id: o.customer.id,
        ordered_at: isoDay(o.day),
        amount: cents(l.quantity * l.unitPrice),
        quantity: l.quantity,
        unit_price: l.unitPrice,
        product: l.product.name,
        cancelled: o.cancelled ? 1 : 0,
      });
    });
  });
  return rows;
}
