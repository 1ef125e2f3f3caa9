import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { WxPayConfigError } from '@wxpay/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type Env, loadConfig } from '../src/config.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyPath = path.join(tmp.dir, 'apiclient_key.pem');
const pubPath = path.join(tmp.dir, 'pub_key.pem');
const junkPath = path.join(tmp.dir, 'junk.pem');
writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(pubPath, publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(junkPath, 'not a pem');

const APIV3 = 'abcdefghijklmnopqrstuvwxyz012345';
const live: Env = {
  WXPAY_MCHID: '1900000109',
  WXPAY_PRIVATE_KEY_PATH: keyPath,
  WXPAY_SERIAL: '5157f09efdc096de15ebe81a47057a7232f1b8e1',
  WXPAY_APIV3_KEY: APIV3,
  WXPAY_PUBLIC_KEY_PATH: pubPath,
  WXPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
  WXPAY_APPID: 'wxd678efh567hg6787',
  WXPAY_NOTIFY_URL: 'https://shop.example.com/notify',
};

function configError(env: Env): WxPayConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof WxPayConfigError) return error;
    throw error;
  }
  throw new Error('expected a WxPayConfigError');
}

describe('loadConfig', () => {
  it('uses the sandbox on port 3000 when no WXPAY_* variable is set', () => {
    const config = loadConfig({ PATH: '/usr/bin' });
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dbPath).toMatch(/wxpay-demo-.*\.db$/);
    expect(loadConfig({ PORT: '0', DEMO_DB: '/tmp/x.db' })).toMatchObject({ port: 0, dbPath: '/tmp/x.db' });
  });

  it('reads the real WeChat Pay configuration from the files the variables name', () => {
    const config = loadConfig(live);
    if (config.mode !== 'live') throw new Error('expected live mode');
    expect(config.client.mchid).toBe('1900000109');
    expect(config.client.privateKey).toBe(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(config.client.merchantSerial).toBe('5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
    expect(config.client.platform).toEqual({
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
      publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
    });
    expect(config.appid).toBe('wxd678efh567hg6787');
    expect(config.notifyUrl).toBe('https://shop.example.com/notify');
    expect(config.client.baseUrl).toBeUndefined();
    const custom = loadConfig({ ...live, WXPAY_BASE_URL: 'http://127.0.0.1:8080/' });
    expect(custom.mode === 'live' && custom.client).toMatchObject({ baseUrl: 'http://127.0.0.1:8080', backupBaseUrl: false });
  });

  it.each([
    'WXPAY_MCHID',
    'WXPAY_PRIVATE_KEY_PATH',
    'WXPAY_APIV3_KEY',
    'WXPAY_PUBLIC_KEY_PATH',
    'WXPAY_PUBLIC_KEY_ID',
    'WXPAY_APPID',
    'WXPAY_NOTIFY_URL',
  ])('names %s when it is missing', (name) => {
    const error = configError({ ...live, [name]: undefined });
    expect(error.field).toBe(name);
    expect(error.message).toContain(name);
    expect(error.message).toContain('missing');
  });

  it('asks for WXPAY_CERT_PATH or WXPAY_SERIAL when neither is set', () => {
    const error = configError({ ...live, WXPAY_SERIAL: undefined });
    expect(error.field).toBe('WXPAY_CERT_PATH');
    expect(error.message).toContain('WXPAY_SERIAL');
  });

  it.each([
    ['WXPAY_MCHID', 'abc', /not a merchant number/],
    ['WXPAY_PRIVATE_KEY_PATH', path.join(tmp.dir, 'absent.pem'), /cannot read/],
    ['WXPAY_PRIVATE_KEY_PATH', junkPath, /not a PEM private key/],
    ['WXPAY_CERT_PATH', junkPath, /not a PEM certificate/],
    ['WXPAY_PUBLIC_KEY_PATH', junkPath, /not a PEM public key/],
    ['WXPAY_PUBLIC_KEY_ID', '0114232134912410000000000000', /PUB_KEY_ID_/],
    ['WXPAY_NOTIFY_URL', 'http://shop.example.com/notify', /https/],
    ['WXPAY_NOTIFY_URL', 'not a url', /not a URL/],
    ['PORT', '70000', /not a port/],
    ['WXPAY_BASE_URL', 'http://127.0.0.1:8080/v3?x=1', /not a base URL/],
  ])('rejects %s=%s', (name, value, pattern) => {
    const error = configError({ ...live, [name]: value });
    expect(error.field).toBe(name);
    expect(error.message).toMatch(pattern);
  });

  it('rejects an APIv3 key of the wrong length without echoing it', () => {
    const secret = 'short-secret-apiv3-key';
    const error = configError({ ...live, WXPAY_APIV3_KEY: secret });
    expect(error.field).toBe('WXPAY_APIV3_KEY');
    expect(error.message).toContain('32 bytes');
    expect(error.message).not.toContain(secret);
  });
});
