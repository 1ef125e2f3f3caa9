import { WxPayError } from '@wxpay/core';
import { type Sandbox, createSandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { complaints } from '../src/index.js';
import { sandboxClient } from './setup.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(() => sandbox.close());

const last = () => sandbox.requests().at(-1)!;

it('creates, queries, updates and deletes the complaint notification URL', async () => {
  const { notifications } = complaints(sandboxClient(sandbox));
  const mchid = sandbox.merchant.mchid;

  expect(await notifications.create({ url: 'https://shop.example.com/wxpay/complaints' })).toEqual({
    mchid,
    url: 'https://shop.example.com/wxpay/complaints',
  });
  expect(last().method).toBe('POST');
  expect(last().route).toBe('/v3/merchant-service/complaint-notifications');
  expect(last().json).toEqual({ url: 'https://shop.example.com/wxpay/complaints' });

  expect(await notifications.query()).toEqual({ mchid, url: 'https://shop.example.com/wxpay/complaints' });
  expect(last().method).toBe('GET');
  expect(last().target).toBe('/v3/merchant-service/complaint-notifications');

  expect(await notifications.update({ url: 'https://shop.example.com/v2/complaints' })).toEqual({
    mchid,
    url: 'https://shop.example.com/v2/complaints',
  });
  expect(last().method).toBe('PUT');
  expect(last().json).toEqual({ url: 'https://shop.example.com/v2/complaints' });

  expect(await notifications.delete()).toBeUndefined();
  expect(last().method).toBe('DELETE');
  expect(last().status).toBe(204);

  const gone = await notifications.query().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(WxPayError.isInstance(gone)).toBe(true);
  expect((gone as { apiCode?: string }).apiCode).toBe('RESOURCE_NOT_EXISTS');
});

it('an http:// URL is refused by the API with a typed error', async () => {
  const { notifications } = complaints(sandboxClient(sandbox));
  const error = await notifications.create({ url: 'http://shop.example.com/cb' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(WxPayError.isInstance(error)).toBe(true);
  expect((error as { apiCode?: string }).apiCode).toBe('PARAM_ERROR');
});

it('keeps the notification URL per sandbox: another sandbox in the same process does not see it', async () => {
  const other = await createSandbox();
  try {
    expect(other.merchant.mchid).toBe(sandbox.merchant.mchid);
    await complaints(sandboxClient(sandbox)).notifications.create({ url: 'https://shop.example.com/only-here' });
    await expect(complaints(sandboxClient(other)).notifications.query()).rejects.toMatchObject({
      apiCode: 'RESOURCE_NOT_EXISTS',
    });
    await complaints(sandboxClient(sandbox)).notifications.delete();
  } finally {
    await other.close();
  }
});
