/** `GET /v3/certificates`: platform certificates encrypted with the merchant's APIv3 key (aad `certificate`). */
import { rfc3339 } from './clock.js';
import { aeadEncrypt } from './crypto.js';
import type { EngineRoute } from './engine.js';
import { failWith } from './errors.js';
import type { Platform } from './platform.js';

export function certificateRoutes(platform: Platform): EngineRoute[] {
  return [
    {
      method: 'GET',
      path: '/v3/certificates',
      rules: { algorithm_type: { type: 'string', enum: ['RSA', 'SM2', 'ALL'] } },
      handle: (ctx) => {
        if (ctx.merchant.trust === 'public-key') {
          failWith(
            404,
            'RESOURCE_NOT_EXISTS',
            '无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。可查看指引https://pay.weixin.qq.com/docs/merchant/products/platform-certificate/wxp-pub-key-guide.html',
          );
        }
        if (ctx.query['algorithm_type'] === 'SM2') return { json: { data: [] } };
        return {
          json: {
            data: platform.listed().map((c) => ({
              serial_no: c.serial,
              effective_time: rfc3339(c.effectiveTime.getTime()),
              expire_time: rfc3339(c.expireTime.getTime()),
              encrypt_certificate: aeadEncrypt(ctx.merchant.material.apiV3Key, c.pem, 'certificate'),
            })),
          },
        };
      },
    },
  ];
}
