/**
 * What JavaScript callers really pass: `null` for "no options", or a route string where an endpoint belongs. Over
 * the wire against the sandbox: the first must work, the second must be a typed error before anything is sent.
 */
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type WxPayClientHandle } from '../src/client.js';
import { defineEndpoint } from '../src/endpoint.js';
import { WxPayArgumentError } from '../src/errors.js';
import type { CallOptions } from '../src/types.js';

let sandbox: Sandbox;
let client: WxPayClientHandle;
beforeAll(async () => {
  sandbox = await createSandbox();
  client = createClient({ ...sandbox.clientOptions(), backupBaseUrl: false });
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

const query = defineEndpoint<{ out_trade_no: string; mchid: string }, { out_trade_no: string; trade_state: string }>({
  method: 'GET',
  path: '/v3/pay/transactions/out-trade-no/{out_trade_no}',
});
const noOptions = null as unknown as CallOptions;

async function order(): Promise<string> {
  const out_trade_no = `CA${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  await client.request('POST /v3/pay/transactions/native', {
    appid: 'wxd678efh567hg6787',
    mchid: sandbox.merchant.mchid,
    description: 'd',
    out_trade_no,
    notify_url: 'https://shop.example.com/notify',
    amount: { total: 1, currency: 'CNY' },
  });
  return out_trade_no;
}

describe('call / request arguments from JavaScript', () => {
  it('null options are the same as none: call, callRaw and request reach WeChat Pay and answer', async () => {
    const out_trade_no = await order();
    const params = { out_trade_no, mchid: sandbox.merchant.mchid };
    expect((await client.call(query, params, noOptions)).trade_state).toBe('NOTPAY');
    expect((await client.callRaw(query, params, noOptions)).status).toBe(200);
    const viaRoute = await client.request<{ out_trade_no: string }>(
      'GET /v3/pay/transactions/out-trade-no/{out_trade_no}',
      params,
      null as unknown as undefined,
    );
    expect(viaRoute.out_trade_no).toBe(out_trade_no);
  });

  it('a route string given to call is a WxPayArgumentError pointing to client.request, and nothing is sent', async () => {
    const before = sandbox.requests().length;
    const notAnEndpoint = 'GET /v3/pay/transactions/out-trade-no/{out_trade_no}' as unknown as typeof query;
    const call = client.call(notAnEndpoint, { out_trade_no: 'X1', mchid: sandbox.merchant.mchid });
    await expect(call).rejects.toBeInstanceOf(WxPayArgumentError);
    await expect(call).rejects.toThrow(/client\.request/);
    await expect(client.callRaw(undefined as unknown as typeof query, {} as never)).rejects.toBeInstanceOf(WxPayArgumentError);
    expect(sandbox.requests().length).toBe(before);
  });
});
