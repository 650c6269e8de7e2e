import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.ts';
import type { LoginAnswer } from '../types.ts';

const LAST_KEY = 'o2c.last-login';

function lastLogin(): { tenant: string; email: string } {
  try {
    const v = JSON.parse(localStorage.getItem(LAST_KEY) ?? '{}') as { tenant?: string; email?: string };
    return { tenant: v.tenant || 'demo', email: v.email || '' };
  } catch {
    return { tenant: 'demo', email: '' };
  }
}

export function LoginPage({ onLogin }: { onLogin: (answer: LoginAnswer) => void }) {
  const initial = lastLogin();
  const [tenant, setTenant] = useState(initial.tenant);
  const [email, setEmail] = useState(initial.email);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<LoginAnswer>('/api/auth/login', { tenant: tenant.trim(), email: email.trim(), password });
      localStorage.setItem(LAST_KEY, JSON.stringify({ tenant: tenant.trim(), email: email.trim() }));
      onLogin(answer);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={submit} data-testid="login-form" noValidate>
        <div className="login-brand">
          <span className="brand-mark">o2c</span>
          <div>
            <h1>Sign in</h1>
            <p className="muted">Order-to-cash back office</p>
          </div>
        </div>
        {error && (
          <div className="alert alert-error" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <label className="field">
          <span>Tenant</span>
          <input name="tenant" value={tenant} onChange={(e) => setTenant(e.target.value)} autoComplete="organization" required data-testid="login-tenant" />
        </label>
        <label className="field">
          <span>Email</span>
          <input
            name="email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="username"
            autoFocus={!initial.email}
            required
            data-testid="login-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            autoFocus={!!initial.email}
            required
            data-testid="login-password"
          />
        </label>
        <button type="submit" className="button button-primary button-block" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
