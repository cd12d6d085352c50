/** The login form: posts JSON (never a form body, which the platform refuses), keeps the CSRF token for the tab, opens monitoring. */
export function loginPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ledgersync — log in</title></head>
<body>
<h1>ledgersync platform</h1>
<form id="login"><label>User <input name="userId" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button>Log in</button></form>
<p id="error" role="alert"></p>
<script>
document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: form.get('userId'), password: form.get('password') }) });
  const body = await response.json();
  if (!response.ok) { document.getElementById('error').textContent = body.error.message; return; }
  sessionStorage.setItem('csrfToken', body.csrfToken);
  location.href = '/monitoring';
});
</script>
</body></html>
`;
}
