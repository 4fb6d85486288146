// Container HEALTHCHECK of a livecast service image: GET /health/ready on the port the service
// listens on. Exit 0 = healthy, 1 = unhealthy (Docker's contract). Uses Node's built-in fetch,
// since the slim runtime image has no curl or wget.
//
// The port and host are read the same way the service reads them: OPS_PORT / OPS_HOST when
// health is kept off the service port, else <APP>_PORT / <APP>_HOST (e.g. GATEWAY_PORT),
// falling back to APP_PORT baked into the image for that app.
'use strict';

const app = (process.env.APP || '').toUpperCase();
const ops = process.env.OPS_PORT && process.env.OPS_PORT !== '0';
const port = ops ? process.env.OPS_PORT : process.env[`${app}_PORT`] || process.env.APP_PORT;
const bound = (ops ? process.env.OPS_HOST : process.env[`${app}_HOST`]) || '0.0.0.0';
const host = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound;
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health/ready`;

fetch(url, { signal: AbortSignal.timeout(Number(process.env.HEALTHCHECK_TIMEOUT_MS) || 2500) })
  .then((res) => {
    if (!res.ok) console.error(`${url} -> ${res.status}`);
    process.exit(res.ok ? 0 : 1);
  })
  .catch((err) => {
    console.error(`${url} -> ${err.name}: ${err.message}`);
    process.exit(1);
  });
