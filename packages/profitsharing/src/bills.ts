import { type CallOptions, type WxPayClient, WxPayArgumentError, defineEndpoint, requireFields, withDefaults } from '@wxpay/core';
import type { BillRequest, BillResult } from './types/bill.js';

const apply = defineEndpoint<BillRequest, BillResult>({ method: 'GET', path: '/v3/profitsharing/bills' });

export function billsApi(client: WxPayClient) {
  return {
    /** 申请分账账单: the download URL and digest. */
    apply: async (request: BillRequest, options?: CallOptions) => {
      const what = 'profitsharing.bills.apply';
      const params = withDefaults(what, request, {});
      requireFields(what, params, ['bill_date']);
      return client.call(apply, params, options);
    },
    /** Downloads the bill a `bills.apply` result points at; the digest is checked, gzip undone when `gunzip`. */
    download: async (bill: BillResult, options: CallOptions & { gunzip?: boolean } = {}) => {
      // Checked here: reading download_url off a missing bill (e.g. an un-awaited apply()) would be a TypeError.
      if (typeof bill !== 'object' || bill === null) {
        throw new WxPayArgumentError('profitsharing.bills.download: pass the result of bills.apply ({ download_url, hash_type, hash_value })');
      }
      return client.download(bill.download_url, { ...options, hashType: bill.hash_type, hashValue: bill.hash_value });
    },
  };
}
