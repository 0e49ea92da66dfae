// `helm test`: the api answers through its Service: ready (PostgreSQL, Redis, schema) and
// serving its OpenAPI document. Plain Node (no dependencies), run in the app image.
const api = process.env.API_URL;
const deadline = Date.now() + Number(process.env.TEST_TIMEOUT_SECONDS ?? 120) * 1000;

async function get(path) {
  for (;;) {
    try {
      const res = await fetch(api + path);
      if (res.ok) return res.json();
      if (Date.now() > deadline) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

(async () => {
  const ready = await get('/readyz');
  if (ready.status !== 'ok') throw new Error(`/readyz: ${JSON.stringify(ready)}`);
  const openapi = await get('/api/docs/openapi.json');
  if (!openapi.paths?.['/api/v1/tickets']) throw new Error('the OpenAPI document lists no /api/v1/tickets');
  console.log(`api ready (role ${ready.role}), ${Object.keys(openapi.paths).length} API paths`);
})().catch((e) => {
  console.error(`api test failed: ${e.message}`);
  process.exit(1);
});
