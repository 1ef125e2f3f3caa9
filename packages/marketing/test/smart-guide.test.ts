import { describe, expect, it } from 'vitest';
import { bodyOf, useSandbox } from './helpers.js';

const t = useSandbox();

describe('smartGuide (支付即服务)', () => {
  it('register encrypts name and mobile and sends Wechatpay-Serial', async () => {
    const request = {
      corpid: '1234567890',
      store_id: 1234,
      userid: 'robert',
      name: '张三',
      mobile: '13900000000',
      qr_code: 'https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=xxx',
      avatar: 'http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiaZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2ICg/0',
    };
    const result = await t.api().smartGuide.register(request);
    const req = t.last();
    expect(req.route).toBe('/v3/smartguide/guides');
    expect(req.status).toBe(200);
    expect(req.decrypted['name']).toBe('张三');
    expect(req.decrypted['mobile']).toBe('13900000000');
    expect(bodyOf(req)['name']).not.toBe('张三');
    expect(req.body).not.toContain('13900000000');
    expect(req.headers['wechatpay-serial']).toBe(t.sandbox().platform.publicKeyId);
    expect(request.name).toBe('张三');
    expect(typeof result.guide_id).toBe('string');
  });

  it('assign posts out_trade_no and resolves on 204', async () => {
    const result = await t.api().smartGuide.assign({ guide_id: 'LLA3WJ6DSZUfiaZDS79FH5Wm5m4X69TBic', out_trade_no: '20150806125346' });
    const req = t.last();
    expect(req.target).toBe('/v3/smartguide/guides/LLA3WJ6DSZUfiaZDS79FH5Wm5m4X69TBic/assign');
    expect(bodyOf(req)).toEqual({ out_trade_no: '20150806125346' });
    expect(req.status).toBe(204);
    expect(result).toBeUndefined();
  });

  it('list encrypts the mobile filter and percent-encodes the base64 ciphertext in the query', async () => {
    const page = await t.api().smartGuide.list({ store_id: 1234, mobile: '13900000000', limit: 10, offset: 0 });
    const req = t.last();
    expect(req.method).toBe('GET');
    expect(req.route).toBe('/v3/smartguide/guides');
    expect(req.status).toBe(200);
    const raw = /[?&]mobile=([^&]*)/.exec(req.target)?.[1] ?? '';
    expect(raw).toMatch(/^[A-Za-z0-9%]+$/); // base64 `+ / =` percent-encoded, never raw
    // Decoded once it is the base64 of one RSA-2048 OAEP block, not the phone number.
    const ciphertext = req.query['mobile'] ?? '';
    expect(decodeURIComponent(raw)).toBe(ciphertext);
    expect(Buffer.from(ciphertext, 'base64')).toHaveLength(256);
    // The sandbox decrypted it with the platform private key that Wechatpay-Serial names.
    expect(req.decrypted['mobile']).toBe('13900000000');
    expect(req.target).not.toContain('13900000000');
    expect(req.headers['wechatpay-serial']).toBe(t.sandbox().platform.publicKeyId);
    expect(page.data?.[0]?.store_id).toBe(1234);
  });

  it('list without a mobile filter sends no ciphertext', async () => {
    await t.api().smartGuide.list({ store_id: 1234, userid: 'robert' });
    expect(t.last().target).toBe('/v3/smartguide/guides?store_id=1234&userid=robert');
  });

  it('update PATCHes with the present sensitive fields encrypted', async () => {
    const result = await t.api().smartGuide.update({ guide_id: 'LLA3WJ6DSZUfiaZDS79FH5Wm5m4X69TBic', mobile: '13911112222', avatar: 'http://a/b' });
    const req = t.last();
    expect(req.method).toBe('PATCH');
    expect(req.route).toBe('/v3/smartguide/guides/{guide_id}');
    expect(req.status).toBe(204);
    expect(req.decrypted['mobile']).toBe('13911112222');
    expect(bodyOf(req)).not.toHaveProperty('name');
    expect(bodyOf(req)['avatar']).toBe('http://a/b');
    expect(result).toBeUndefined();
  });
});
