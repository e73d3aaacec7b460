import type { DatasetDef } from '../catalog';
import { shopOrderLine } from '../vendor-fields';
import { currency, seg } from './fields';

export const orders: DatasetDef = {
  name: 'orders',
  label: 'Orders',
  record: ['order line', 'order lines'],
  summary: 'Orders from your shop',
  description: 'One row per order or order line: customer, date and amount.',
  hint: 'import an orders export from your shop or billing system (Order ID, Customer ID, Date, Amount)',
  key: { fields: ['order_id', 'product'], alternative: ['line_id'] },
  events: [{ field: 'ordered_at' }],
  fields: [
    // Shopify names an order '#1001' in its 'Name' column; WooCommerce's Analytics export heads it 'Order #'.
    {
      name: 'order_id',
      label: 'Order ID',
      type: 'id',
      headers: ['Order ID', 'InvoiceNo', 'Invoice', 'Invoice No', 'Invoice Number', 'Order Number', 'Order No', 'Transaction ID', 'Name', 'Order #'],
    },
    // A line's own ID, unique across the export (Superstore's Row ID); not Olist's order_item_id, which
    // numbers the lines within each order and so repeats.
    { name: 'line_id', label: 'Line ID', type: 'id', headers: ['Line ID', 'Order Line ID', 'Line Item ID', 'Lineitem ID', 'Row ID'] },
    {
      name: 'customer_id',
      label: 'Customer ID',
      type: 'id',
      required: true,
      headers: ['Customer ID', 'CustomerID', 'Client ID', 'Customer', 'Customer Email', 'Email', 'Customer Name'],
    },
    {
      name: 'ordered_at',
      label: 'Ordered',
      type: 'date',
      required: true,
      headers: ['Order Date', 'InvoiceDate', 'Invoice Date', 'Ordered At', 'Purchase Date', 'Order Time', 'Transaction Date', 'Created at', 'Date'],
    },
    {
      name: 'amount',
      label: 'Amount',
      type: 'money',
      required: true,
      headers: ['Sales', 'Amount', 'Order Total', 'Total', 'Total Price', 'Line Total', 'Revenue', 'Net Sales', 'Gross Sales'],
      writtenFrom: ['quantity'],
    },
    { name: 'quantity', label: 'Quantity', type: 'number', headers: ['Quantity', 'Qty', 'Units', 'Lineitem quantity'] },
    { name: 'unit_price', label: 'Unit price', type: 'money', headers: ['UnitPrice', 'Unit Price', 'Price', 'Lineitem price', 'Price Each'] },
    // WooCommerce packs an order's products in one 'Product(s)' cell ('2× Mug, 1× Tea').
    seg('product', 'Product', ['Product Name', 'Product', 'Description', 'Item', 'Lineitem name', 'StockCode', 'Product ID', 'SKU', 'Product(s)']),
    {
      name: 'cancelled',
      label: 'Cancelled',
      type: 'flag',
      headers: ['Cancelled', 'Canceled', 'Is Cancelled', 'Is Canceled'],
      writtenFrom: ['financial_status', 'cancelled_at'],
    },
    // WooCommerce's order export plugins write 'order_currency'.
    currency(['Currency', 'Order Currency']),
    // What a shop writes instead of a cancelled flag (Shopify 'Financial Status', 'Cancelled at').
    { name: 'financial_status', label: 'Payment status', type: 'text', importOnly: true, headers: ['Financial Status', 'Payment Status'] },
    { name: 'cancelled_at', label: 'Cancelled on', type: 'date', importOnly: true, headers: ['Cancelled at', 'Canceled at'] },
  ],
  requiredAlternatives: { amount: [['quantity', 'unit_price']] },
  derive(row) {
    shopOrderLine(row);
    const q = row.num('quantity');
    const p = row.num('unit_price');
    // Rounded to a millionth so 6 x 2.95 is 17.7, not 17.700000000000003.
    if (!row.has('amount') && q !== undefined && p !== undefined) row.set('amount', Math.round(q * p * 1e6) / 1e6);
    const id = row.get('order_id');
    // UCI Online Retail marks a cancellation with a 'C' before the invoice number (C536379).
    if (!row.has('cancelled') && !row.hasSource('cancelled') && typeof id === 'string' && /^C\d+$/.test(id)) row.set('cancelled', 1);
  },
};
