import { useEffect, useState } from 'react';

/** Placeholder until the agent UI lands: shows that the API answers. */
export function App() {
  const [status, setStatus] = useState('checking…');
  useEffect(() => {
    fetch('/readyz')
      .then((r) => r.json())
      .then((b: { status: string }) => setStatus(b.status))
      .catch(() => setStatus('unreachable'));
  }, []);
  return (
    <main>
      <h1>Helpdesk</h1>
      <p>
        API status: <strong data-testid="api-status">{status}</strong>. API documentation: <a href="/api/docs">/api/docs</a>
      </p>
    </main>
  );
}
