import type { TestServer } from './server.ts';

/** A tiny cookie-keeping HTTP client for API tests over real HTTP. */
export class Client {
  private cookie = '';
  constructor(readonly base: string, private readonly lang = 'zh-CN') {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers; text: string }> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        'accept-language': this.lang,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  }
  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', path, body ?? {}, headers);
}

/** Logs a demo user in (passing the TOTP step when the role needs one) and returns the client. */
export async function loginAs(server: TestServer, username: string): Promise<Client> {
  const client = new Client(server.url);
  const user = server.demo.users.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  const r = await client.post('/api/v1/auth/login', { username, password: server.demo.password });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(r.body)}`);
  if (r.body.mfaRequired) {
    const t = await client.post('/api/v1/auth/totp', { code: server.nextTotp(username) });
    if (t.status !== 200) throw new Error(`totp ${username} failed: ${JSON.stringify(t.body)}`);
  }
  return client;
}
