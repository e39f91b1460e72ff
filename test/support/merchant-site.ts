import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

declare global {
  interface Window {
    __selgeo: any;
  }
}

export interface MerchantSiteOptions {
  /** Where the page loads the snippet from (the tracking service, or this site's own copy). */
  snippetSrc: string;
  publishableKey: string;
  /** `data-api`, when the click endpoint is not the snippet's origin. */
  api?: string;
}

/**
 * A merchant's site on its own loopback origin: every path serves a page with the snippet tag,
 * Stripe Payment Links, a buy button and a pricing table.
 */
export class MerchantSite {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(options: MerchantSiteOptions): Promise<MerchantSite> {
    const snippet = readFileSync(resolve(__dirname, '../../dist/snippet/selgeo.js'), 'utf8');
    const server = createServer((request, response) => {
      if (request.url === '/selgeo.js') {
        response.writeHead(200, { 'content-type': 'application/javascript' }).end(snippet);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(options));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    return new MerchantSite(server, `http://127.0.0.1:${port}`);
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

function page(options: MerchantSiteOptions): string {
  const api = options.api ? ` data-api="${options.api}"` : '';
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop</title>
<script>window.__selgeo = window.__selgeo || [];</script>
<script async src="${options.snippetSrc}" data-merchant="${options.publishableKey}"${api}></script>
</head><body>
<h1>Pricing</h1>
<a id="plain" href="https://buy.stripe.com/test_plain">Buy</a>
<a id="params" href="https://buy.stripe.com/test_params?prefilled_email=ada%40example.com&locale=fr">Buy (prefilled)</a>
<a id="preset" href="https://buy.stripe.com/test_preset?client_reference_id=merchant-ref-7">Buy (merchant reference)</a>
<a id="elsewhere" href="https://example.com/pay">Not Stripe</a>
<stripe-buy-button id="button" buy-button-id="buy_btn_1" publishable-key="pk_test_stripe"></stripe-buy-button>
<stripe-pricing-table id="table" pricing-table-id="prctbl_1" publishable-key="pk_test_stripe"></stripe-pricing-table>
<stripe-buy-button id="button-preset" client-reference-id="merchant-ref-8"></stripe-buy-button>
</body></html>`;
}

/** The click id the snippet on the page keeps, asked through its documented queue (callbacks run once it has settled). */
export function snippetClickId(page: Page): Promise<string | null> {
  return page.evaluate(() => new Promise<string | null>((resolve) => (window.__selgeo = window.__selgeo || []).push((s: any) => resolve(s.getClickId()))));
}

/** A visitor of their own (a new browser context) follows a link: where they landed, and the click id the snippet kept there. */
export async function followLink(browser: Browser, link: string): Promise<{ landedAt: string; clickId: string | null }> {
  const visitor = await browser.newContext();
  try {
    const shop = await visitor.newPage();
    await shop.goto(link);
    return { landedAt: shop.url(), clickId: await snippetClickId(shop) };
  } finally {
    await visitor.close();
  }
}
