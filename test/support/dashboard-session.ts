import { http, HttpResult } from './http';

/** A browser's view of the dashboard (or the partner portal) over HTTP: its session cookie, and the CSRF token its page echoes. */
export class DashboardSession {
  private constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly session: any,
  ) {}

  /** The cookie's token itself (what the browser holds and no script can read). */
  get token(): string {
    return this.cookie.slice(this.cookie.indexOf('=') + 1);
  }

  static async signIn(baseUrl: string, email: string, password: string): Promise<DashboardSession> {
    const answer = await DashboardSession.attempt(baseUrl, email, password);
    return DashboardSession.from(baseUrl, answer, 200);
  }

  /** The session a sign-in (or the portal's acceptance of an invitation) answered with `status`. */
  static from(baseUrl: string, answer: HttpResult, status: number): DashboardSession {
    if (answer.status !== status) throw new Error(`sign-in answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const cookie = answer.headers.get('set-cookie')!.split(';')[0];
    return new DashboardSession(baseUrl, cookie, answer.body.csrf_token, answer.body);
  }

  static attempt(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return http('POST', `${baseUrl}/auth/sign-in`, { json: { email, password }, headers });
  }

  get<T = any>(path: string): Promise<HttpResult<T>> {
    return http<T>('GET', `${this.baseUrl}${path}`, { headers: { cookie: this.cookie } });
  }

  /** A change, sent as the dashboard's page sends it (with the CSRF token) unless `headers` say otherwise. */
  send<T = any>(method: string, path: string, json?: unknown, headers: Record<string, string> = { 'x-csrf-token': this.csrfToken }): Promise<HttpResult<T>> {
    return http<T>(method, `${this.baseUrl}${path}`, { json, headers: { cookie: this.cookie, ...headers } });
  }
}
