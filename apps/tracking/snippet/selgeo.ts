/**
 * The Selgeo snippet: `<script async src="https://HOST/v1/selgeo.js" data-merchant="pk_test_...">`.
 *
 * - On a page opened with `?ref=TOKEN` it registers the click (`POST /v1/clicks`) and keeps the
 *   click id in first-party storage for the attribution window; a later visit through another
 *   partner's token replaces it (last click wins).
 * - On a page opened from the hosted redirect (`?selgeo_click_id=...`) it keeps that id.
 * - `window.__selgeo.getClickId()` returns the id or null. Before the snippet has loaded, queue
 *   work with `window.__selgeo = window.__selgeo || []; __selgeo.push(function (s) { ... })`.
 * - It appends `client_reference_id` to Stripe Payment Links and sets `client-reference-id` on
 *   `<stripe-buy-button>` and `<stripe-pricing-table>`, including elements added later.
 * - It never throws into the page and never logs.
 *
 * No imports: this file is compiled on its own into one small script (scripts/build-snippet.js).
 */

interface StoredClick {
  id: string;
  /** Expiry, ms since the epoch. */
  exp: number;
  /** The referral token it came from, so a reload does not register the same visit twice. */
  tok?: string;
}

interface SelgeoApi {
  getClickId(): string | null;
  push(callback: (api: SelgeoApi) => void): void;
  ready(callback: (api: SelgeoApi) => void): void;
}

(function () {
  const STORAGE_KEY = '__selgeo_click';
  const REDIRECT_PARAM = 'selgeo_click_id';
  const DAY_MS = 86400000;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const w = window as unknown as { __selgeo?: SelgeoApi | Array<(api: SelgeoApi) => void> };

  let memory: StoredClick | null = null;
  let loaded = false;
  const waiting: Array<(api: SelgeoApi) => void> = [];

  function safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      // The host page must never see our errors.
    }
  }

  function read(): StoredClick | null {
    let found: StoredClick | null = memory;
    safely(() => {
      const raw = localStorage.getItem(STORAGE_KEY);
      if (raw) found = JSON.parse(raw) as StoredClick;
    });
    if (!found) {
      safely(() => {
        const match = document.cookie.match(/(?:^|; )__selgeo_click=([^;]+)/);
        if (match) found = JSON.parse(decodeURIComponent(match[1])) as StoredClick;
      });
    }
    const click = found;
    return click && typeof click.id === 'string' && UUID.test(click.id) && click.exp > Date.now() ? click : null;
  }

  function write(click: StoredClick): void {
    memory = click;
    const value = JSON.stringify(click);
    safely(() => localStorage.setItem(STORAGE_KEY, value));
    safely(() => {
      document.cookie = `${STORAGE_KEY}=${encodeURIComponent(value)}; path=/; max-age=${Math.floor((click.exp - Date.now()) / 1000)}; SameSite=Lax`;
    });
    rewriteAll();
  }

  function getClickId(): string | null {
    const click = read();
    return click ? click.id.toLowerCase() : null;
  }

  function rewrite(element: Element, id: string): void {
    safely(() => {
      const tag = element.tagName;
      if (tag === 'A') {
        const link = element as HTMLAnchorElement;
        if (link.href.indexOf('https://buy.stripe.com/') !== 0) return;
        const url = new URL(link.href);
        // A link that already names a reference is the merchant's choice.
        if (url.searchParams.has('client_reference_id')) return;
        url.searchParams.set('client_reference_id', id);
        link.href = url.toString();
      } else if ((tag === 'STRIPE-BUY-BUTTON' || tag === 'STRIPE-PRICING-TABLE') && !element.hasAttribute('client-reference-id')) {
        element.setAttribute('client-reference-id', id);
      }
    });
  }

  const SELECTOR = 'a[href^="https://buy.stripe.com/"],stripe-buy-button,stripe-pricing-table';

  function rewriteWithin(root: Element | Document): void {
    const id = getClickId();
    if (!id) return;
    if (root instanceof Element) rewrite(root, id);
    safely(() => root.querySelectorAll(SELECTOR).forEach((el) => rewrite(el, id)));
  }

  function rewriteAll(): void {
    rewriteWithin(document);
  }

  function observe(): void {
    safely(() => {
      new MutationObserver((mutations) => {
        for (const m of mutations) {
          if (m.type === 'attributes') rewriteWithin(m.target as Element);
          else m.addedNodes.forEach((node) => node.nodeType === 1 && rewriteWithin(node as Element));
        }
      }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
    });
  }

  function finish(): void {
    loaded = true;
    rewriteAll();
    while (waiting.length) {
      const callback = waiting.shift()!;
      safely(() => callback(api));
    }
  }

  const api: SelgeoApi = {
    getClickId,
    push(callback) {
      if (typeof callback !== 'function') return;
      if (loaded) safely(() => callback(api));
      else waiting.push(callback);
    },
    ready(callback) {
      api.push(callback);
    },
  };

  safely(() => {
    const queued = w.__selgeo;
    if (Array.isArray(queued)) queued.forEach((cb) => api.push(cb));
    w.__selgeo = api;
  });

  safely(() => {
    const script = (document.currentScript as HTMLScriptElement | null) || document.querySelector<HTMLScriptElement>('script[data-merchant]');
    const key = script && script.getAttribute('data-merchant');
    const base = (script && (script.getAttribute('data-api') || new URL(script.src).origin)) || '';
    const windowDays = Number((script && script.getAttribute('data-attribution-window-days')) || 60);
    const params = new URLSearchParams(location.search);
    const fromRedirect = params.get(REDIRECT_PARAM);
    const token = params.get('ref');
    const stored = read();

    observe();
    if (fromRedirect && UUID.test(fromRedirect)) {
      write({ id: fromRedirect.toLowerCase(), exp: Date.now() + windowDays * DAY_MS });
      safely(() => {
        params.delete(REDIRECT_PARAM);
        const query = params.toString();
        history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
      });
      finish();
    } else if (token && key && !(stored && stored.tok === token)) {
      void fetch(`${base}/v1/clicks`, {
        method: 'POST',
        // text/plain keeps this a "simple" request: no CORS preflight round trip.
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ token, publishable_key: key, landing_url: location.href.slice(0, 2048), referrer: document.referrer.slice(0, 2048) || null }),
        credentials: 'omit',
        keepalive: true,
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((body: { click_id?: string; expires_at?: string } | null) => {
          if (body && typeof body.click_id === 'string' && UUID.test(body.click_id)) {
            const exp = Date.parse(body.expires_at || '') || Date.now() + windowDays * DAY_MS;
            write({ id: body.click_id, exp, tok: token });
          }
        })
        .catch(() => undefined)
        .then(finish);
    } else {
      finish();
    }
  });
})();
