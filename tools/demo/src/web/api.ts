import type { DemoConfig } from '../server/demo-server';
import type { DevToken } from '../server/dev-tokens';

/** An answer of the admin API, as the demo server passed it on. */
export interface AdminAnswer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** The demo server's API, from the page. */
export const demoApi = {
  async config(): Promise<DemoConfig> {
    return json<DemoConfig>(await fetch('/api/config'));
  },

  /** A dev token for `name` (the demo host's when `role` is host); throws with the server's message. */
  async token(name: string, role: 'viewer' | 'host' = 'viewer'): Promise<DevToken> {
    const response = await fetch('/api/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, role }) });
    const body = await json<DevToken & { error?: { message: string } }>(response);
    if (!response.ok) throw new Error(body.error?.message ?? `token request failed (${response.status})`);
    return body;
  },

  /** Calls the admin API through the demo server's proxy. */
  async admin(method: 'POST' | 'DELETE', path: string, token: string, body?: object): Promise<AdminAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body) headers['content-type'] = 'application/json';
    const response = await fetch(`/api/admin${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
    return { status: response.status, body: await json<AdminAnswer['body']>(response) };
  },
};
