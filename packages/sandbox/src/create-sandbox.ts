/** `createSandbox()`: keys, state, the engine and two listeners (primary and backup roles). */
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bills } from './bills.js';
import { certificateRoutes } from './certificates.js';
import { Clock } from './clock.js';
import { CombinePayments } from './combine.js';
import { handleControl } from './control.js';
import { fromRouteSpec } from './domain-routes.js';
import { Engine } from './engine.js';
import { Faults } from './faults.js';
import { sharedMerchant, sharedPlatformCertificate, sharedPlatformPublicKey, sharedServerTls } from './key-cache.js';
import { MerchantState } from './merchant-state.js';
import { Notifier } from './notifier.js';
import { Payments } from './payments.js';
import { Platform } from './platform.js';
import { Refunds } from './refunds.js';
import { domainRoutes } from './routes/index.js';
import { securityRoutes } from './security.js';
import { ResponseSigner } from './signer.js';
import { connectionInfo, writeStateDir } from './state-dir.js';
import { Store } from './store.js';
import type { Sandbox, SandboxOptions, TrustMode } from './types.js';


const TRUST_MODES: readonly TrustMode[] = ['public-key', 'certificate', 'both'];

function checkTrust(trust: TrustMode, where: string): TrustMode {
  if (!TRUST_MODES.includes(trust)) throw new TypeError(`${where}: trust must be one of ${TRUST_MODES.join(', ')}, got "${String(trust)}".`);
  return trust;
}

export { connectionInfo };

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const defaultTrust = checkTrust(options.trust ?? 'public-key', 'createSandbox');
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError(`createSandbox: timeScale must be > 0, got ${timeScale}.`);
  const clock = new Clock();
  const fresh = options.freshKeys === true;
  const seeds = options.merchants && options.merchants.length > 0 ? options.merchants : [{}];

  const [platformCert, publicKey, ...materials] = await Promise.all([
    sharedPlatformCertificate(fresh, clock.nowMs()),
    sharedPlatformPublicKey(fresh),
    ...seeds.map((seed, i) => sharedMerchant(fresh, i, seed)),
  ]);
  const platform = new Platform(platformCert, publicKey, clock);
  const merchants = new Map<string, MerchantState>();
  materials.forEach((material, i) => {
    if (merchants.has(material.mchid)) throw new TypeError(`createSandbox: merchant ${material.mchid} is listed twice.`);
    merchants.set(material.mchid, new MerchantState(material, checkTrust(seeds[i]?.trust ?? defaultTrust, `merchant ${material.mchid}`)));
  });

  const faults = new Faults();
  const signer = new ResponseSigner(clock, faults);
  const notifier = new Notifier(clock, platform, signer, timeScale, options.callbackTimeoutMs ?? 5000);
  const store = new Store();
  const payments = new Payments(store, clock, notifier, merchants);
  const combine = new CombinePayments(payments, store, clock, notifier, merchants);
  const refunds = new Refunds(store, clock, notifier, merchants, options.refundProcessingMs ?? 200);
  const bills = new Bills(store, clock, options.billPartBytes);

  let sandbox: Sandbox | undefined;
  const engine = new Engine({
    clock,
    platform,
    merchants,
    faults,
    signer,
    control: (req, res, body) => handleControl({ sandbox: sandbox!, payments, info: () => connectionInfo(sandbox!) }, req, res, body),
  });
  for (const r of [...certificateRoutes(platform), ...payments.routes(), ...combine.routes(), ...refunds.routes(), ...bills.routes(), ...securityRoutes(notifier)]) engine.add(r);
  for (const spec of [...domainRoutes, ...(options.routes ?? [])]) engine.add(fromRouteSpec(spec, notifier, { bills, scope: store }));

  const handler = (baseUrl: () => string) => (req: IncomingMessage, res: ServerResponse) => {
    engine.handle(req, res, baseUrl()).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ code: 'SYSTEM_ERROR', message: `sandbox: ${error instanceof Error ? error.message : String(error)}` }));
      } else {
        res.destroy();
      }
    });
  };

  let primaryUrl = '';
  let backupUrl = '';
  // HTTPS like the real API when asked (self-signed: clients trust `sandbox.tlsCertificatePem` explicitly).
  const tls = options.tls ? await sharedServerTls(fresh, host) : undefined;
  const makeServer = (url: () => string): Server => {
    const server = tls
      ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 8000 }, handler(url))
      : createServer({ keepAliveTimeout: 8000 }, handler(url));
    server.keepAliveTimeout = 8000;
    // A request Node cannot parse (e.g. raw non-ASCII in the URL) gets a JSON error, not an empty 400.
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const body = JSON.stringify({
        code: 'INVALID_REQUEST',
        message: 'HTTP请求格式错误：请求行或请求头含非法字符（URL中的中文等须先进行URL编码）',
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    return server;
  };
  let primary = makeServer(() => primaryUrl);
  const backup = makeServer(() => backupUrl);
  const primaryPort = await listen(primary, options.port ?? 0, host);
  const backupPort = await listen(backup, options.backupPort ?? 0, host);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const scheme = tls ? 'https' : 'http';
  primaryUrl = `${scheme}://${hostPart}:${primaryPort}`;
  backupUrl = `${scheme}://${hostPart}:${backupPort}`;
  let primaryIsDown = false;
  let reopening: Promise<void> = Promise.resolve();

  const merchantOf = (mchid?: string): MerchantState => {
    const m = mchid === undefined ? merchants.values().next().value : merchants.get(mchid);
    if (!m) throw new Error(`sandbox: unknown merchant ${mchid}; known: ${[...merchants.keys()].join(', ')}.`);
    return m;
  };

  sandbox = {
    baseUrl: primaryUrl,
    backupUrl,
    ...(tls ? { tlsCertificatePem: tls.certPem } : {}),
    get merchant() {
      return merchantOf().describe();
    },
    get merchants() {
      return [...merchants.values()].map((m) => m.describe());
    },
    get platform() {
      return platform.describe();
    },
    clientOptions(mchid?: string) {
      const m = merchantOf(mchid);
      const trust = m.trust;
      const platformOption: { publicKey?: string; publicKeyId?: string; certificates?: 'auto' } = {};
      if (trust !== 'certificate') {
        platformOption.publicKey = platform.publicKey.pem;
        platformOption.publicKeyId = platform.publicKey.id;
      }
      if (trust !== 'public-key') platformOption.certificates = 'auto';
      return {
        mchid: m.material.mchid,
        privateKey: m.material.privateKeyPem,
        merchantCertificate: m.material.certificatePem,
        apiV3Key: m.material.apiV3Key,
        platform: platformOption,
        baseUrl: primaryUrl,
        backupBaseUrl: backupUrl,
      };
    },
    requests: () => [...engine.log],
    clearRequests: () => {
      engine.log.length = 0;
    },
    pay: async (outTradeNo, payOptions) => payments.pay(outTradeNo, payOptions?.mchid),
    deliveries: () => [...notifier.log],
    settle: (timeoutMs = 10_000) => notifier.settle(timeoutMs),
    notify: ({ mchid, ...n }) => notifier.send({ ...n, merchant: merchantOf(mchid) }),
    redeliver: (id) => notifier.redeliver(id),
    faults: {
      next: (kind, count = 1, o) => faults.next(kind, count, o?.delayMs ?? 3000),
      primaryDown: (down) => {
        if (down && !primaryIsDown) {
          primaryIsDown = true;
          const closing = primary;
          // Refuses new connections at once; the promise settles when the port is released.
          reopening = new Promise<void>((resolve) => closing.close(() => resolve()));
          closing.closeAllConnections();
        } else if (!down && primaryIsDown) {
          primaryIsDown = false;
          primary = makeServer(() => primaryUrl);
          reopening = reopening.then(() => listen(primary, primaryPort, host)).then(() => undefined);
        }
        return reopening;
      },
      probeFraction: (fraction) => faults.setProbeFraction(fraction),
      clockSkew: (seconds) => {
        if (!Number.isFinite(seconds)) throw new RangeError(`faults.clockSkew: seconds must be a finite number, got ${seconds}.`);
        clock.skewSeconds = seconds;
      },
      clear: () => {
        faults.clear();
        clock.skewSeconds = 0;
      },
    },
    rotateCertificate: () => platform.rotate(),
    setTrust: (trust, mchid) => {
      merchantOf(mchid).trust = checkTrust(trust, 'setTrust');
    },
    setRefundOutcome: (status) => {
      if (status !== 'SUCCESS' && status !== 'ABNORMAL' && status !== 'CLOSED') {
        throw new TypeError(`setRefundOutcome: expected SUCCESS, ABNORMAL or CLOSED, got "${String(status)}".`);
      }
      refunds.outcome = status;
    },
    close: async () => {
      notifier.close();
      refunds.close();
      await reopening.catch(() => undefined);
      await Promise.all([closeServer(primary, primaryIsDown), closeServer(backup, false)]);
    },
  };

  if (options.stateDir) {
    try {
      await writeStateDir(options.stateDir, sandbox);
    } catch (error) {
      await sandbox.close();
      throw new Error(`createSandbox: could not write the state directory ${options.stateDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return sandbox;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server, alreadyClosed: boolean): Promise<void> {
  if (alreadyClosed || !server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
