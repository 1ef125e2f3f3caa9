import { type CallOptions, type WxPayClient, WxPayArgumentError, defineEndpoint, requireFields, withDefaults } from '@wxpay/core';
import { type DecryptBillOptions, decryptMerchantBillPart } from './bill-cipher.js';
import type { PayscoreDefaults } from './options.js';
import type { MerchantBillRequest, MerchantBillResult } from './types/bill.js';

const merchantBill = defineEndpoint<MerchantBillRequest, MerchantBillResult>({
  method: 'GET',
  path: '/v3/payscore/merchant-bill',
});

export function billsApi(client: WxPayClient, defaults: PayscoreDefaults) {
  return {
    /**
     * 商户申请获取对账单: the download parts of an encrypted bill. `tar_type` defaults to `GZIP` and
     * `encryption_algorithm` to `AEAD_AES_256_GCM` (both documented as required, both overridable).
     */
    merchantBill: async (request: MerchantBillRequest, options?: CallOptions) => {
      const what = 'payscore.bills.merchantBill';
      const params = withDefaults(what, request, {
        service_id: defaults.serviceId,
        tar_type: 'GZIP',
        encryption_algorithm: 'AEAD_AES_256_GCM',
      });
      requireFields(what, params, ['bill_date', 'service_id']);
      return client.call(merchantBill, params, options);
    },
    /**
     * Downloads every part of a `merchantBill` result, decrypts each (encrypt_key + nonce, AES-256-GCM), gunzips,
     * checks its `hash_value`, and joins the parts in `bill_sequence` order: the original bill file.
     */
    downloadMerchantBill: async (
      bill: MerchantBillResult,
      options: CallOptions & DecryptBillOptions = {},
    ): Promise<Buffer> => {
      const list: unknown = typeof bill === 'object' && bill !== null ? bill.download_bill_list : undefined;
      // A missing or non-object bill (e.g. an un-awaited merchantBill promise's result) is an argument error, not a TypeError.
      if (list !== undefined && (!Array.isArray(list) || list.some((part) => typeof part !== 'object' || part === null))) {
        throw new WxPayArgumentError('payscore.bills.downloadMerchantBill: download_bill_list must be the array bills.merchantBill returned');
      }
      const parts = [...((list as MerchantBillResult['download_bill_list']) ?? [])].sort((a, b) => a.bill_sequence - b.bill_sequence);
      if (parts.length === 0) {
        throw new WxPayArgumentError('payscore.bills.downloadMerchantBill: the bill has no download_bill_list; call bills.merchantBill first');
      }
      const { gunzip, ...callOptions } = options;
      const files = await Promise.all(parts.map((part) => client.download(part.download_url, callOptions)));
      return Buffer.concat(
        parts.map((part, index) => decryptMerchantBillPart(client, part, files[index] as Buffer, gunzip === undefined ? {} : { gunzip })),
      );
    },
  };
}
