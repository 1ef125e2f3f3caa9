/**
 * Bills (账单): apply for a trade / fund-flow / sub-merchant fund-flow bill, then download it through core's
 * unsigned-file download with the `hash_type`/`hash_value` digest checked and gzip undone. Parsing is in
 * bill-parse.ts; encrypted sub-merchant bills in bill-decrypt.ts.
 */
import type { Readable } from 'node:stream';
import { type CallOptions, defineEndpoint, type WxPayClient, WxPayArgumentError } from '@wxpay/core';
import { downloadEncryptedPart } from './bill-decrypt.js';
import { parseBill, parseTradeBill } from './bill-parse.js';
import type {
  BillDownloadInfo,
  BillDownloadOptions,
  FundflowBillRequest,
  PartnerTradeBillRequest,
  SubMerchantFundflowBill,
  SubMerchantFundflowBillRequest,
  TradeBillRequest,
} from './types/bill.js';
import { assertPresent } from './validate.js';

const tradeBill = defineEndpoint<PartnerTradeBillRequest, BillDownloadInfo>({ method: 'GET', path: '/v3/bill/tradebill' });
const fundflowBill = defineEndpoint<FundflowBillRequest, BillDownloadInfo>({ method: 'GET', path: '/v3/bill/fundflowbill' });
const subMerchantFundflowBill = defineEndpoint<SubMerchantFundflowBillRequest, SubMerchantFundflowBill>({
  method: 'GET',
  path: '/v3/bill/sub-merchant-fundflowbill',
});

/** Copies the request's tar_type onto the answer so `download` knows to gunzip (documented on BillDownloadInfo). */
function remember<T extends object>(result: T, tar_type: 'GZIP' | undefined): T & { tar_type?: 'GZIP' } {
  return tar_type === undefined ? result : { ...result, tar_type };
}

function checkInfo(method: string, info: BillDownloadInfo): void {
  if (typeof info !== 'object' || info === null) {
    throw new WxPayArgumentError(`${method}: pass the object bills.trade() / bills.fundflow() returned`);
  }
  assertPresent(method, 'download_url', info.download_url);
  assertPresent(method, 'hash_type', info.hash_type, 'the digest is always checked');
  assertPresent(method, 'hash_value', info.hash_value, 'the digest is always checked');
}

function downloadOptions(info: BillDownloadInfo, options: BillDownloadOptions) {
  const { gunzip, ...rest } = options;
  return { ...rest, hashType: info.hash_type, hashValue: info.hash_value, gunzip: gunzip ?? info.tar_type === 'GZIP' };
}

function billsCore<TradeReq extends TradeBillRequest>(client: WxPayClient) {
  return {
    /** 申请交易账单 -> `{ hash_type, hash_value, download_url }`. */
    trade: async (request: TradeReq, options?: CallOptions): Promise<BillDownloadInfo> => {
      assertPresent('bills.trade', 'bill_date', request?.bill_date, 'format yyyy-MM-dd');
      return remember(await client.call(tradeBill, request, options), request.tar_type);
    },
    /** 申请资金账单. */
    fundflow: async (request: FundflowBillRequest, options?: CallOptions): Promise<BillDownloadInfo> => {
      assertPresent('bills.fundflow', 'bill_date', request?.bill_date, 'format yyyy-MM-dd');
      return remember(await client.call(fundflowBill, request, options), request.tar_type);
    },
    /** 申请单个子商户资金账单 (service providers): encrypted parts; use `downloadSubMerchantFundflow`. */
    subMerchantFundflow: async (
      request: SubMerchantFundflowBillRequest,
      options?: CallOptions,
    ): Promise<SubMerchantFundflowBill> => {
      assertPresent('bills.subMerchantFundflow', 'sub_mchid', request?.sub_mchid);
      assertPresent('bills.subMerchantFundflow', 'bill_date', request.bill_date, 'format yyyy-MM-dd');
      assertPresent('bills.subMerchantFundflow', 'account_type', request.account_type, 'BASIC, OPERATION, FEES or DEPOSIT');
      const query = { ...request, algorithm: request.algorithm ?? 'AEAD_AES_256_GCM' };
      return remember(await client.call(subMerchantFundflowBill, query, options), request.tar_type);
    },
    /** Downloads a bill fully; the digest is checked and GZIP bills are gunzipped (override with `gunzip`). */
    download: async (info: BillDownloadInfo, options: BillDownloadOptions = {}): Promise<Buffer> => {
      checkInfo('bills.download', info);
      return client.download(info.download_url, downloadOptions(info, options));
    },
    /** Streams a bill; the stream errors with `WxPayDigestError` at the end if the digest does not match. */
    downloadStream: async (info: BillDownloadInfo, options: BillDownloadOptions = {}): Promise<Readable> => {
      checkInfo('bills.downloadStream', info);
      return client.downloadStream(info.download_url, downloadOptions(info, options));
    },
    /** Downloads, decrypts, gunzips and joins (by `bill_sequence`) every part of an encrypted sub-merchant bill. */
    downloadSubMerchantFundflow: async (
      bill: SubMerchantFundflowBill,
      options: BillDownloadOptions = {},
    ): Promise<Buffer> => {
      if (!Array.isArray(bill?.download_bill_list)) {
        throw new WxPayArgumentError('bills.downloadSubMerchantFundflow: pass the object bills.subMerchantFundflow() returned');
      }
      const { gunzip, ...callOptions } = options;
      const parts = [...bill.download_bill_list].sort((a, b) => a.bill_sequence - b.bill_sequence);
      // Download URLs expire quickly, so parts are fetched concurrently, as the docs advise.
      const buffers = await Promise.all(
        parts.map((entry) =>
          downloadEncryptedPart(client, entry, { ...callOptions, gunzip: gunzip ?? (bill.tar_type === undefined ? 'auto' : bill.tar_type === 'GZIP') }),
        ),
      );
      return Buffer.concat(buffers);
    },
    /** Parses trade-bill CSV text into typed rows (integer fen) and the summary. */
    parseTradeBill,
    /** Parses any bill CSV (trade or fund-flow) into rows keyed by the file's own column names. */
    parseBill,
  };
}

export function billsApi(client: WxPayClient) {
  return billsCore<TradeBillRequest>(client);
}

export function partnerBillsApi(client: WxPayClient) {
  return billsCore<PartnerTradeBillRequest>(client);
}
