/** Bill application requests and answers (申请交易账单 / 申请资金账单 / 申请单个子商户资金账单). */

export type TradeBillType =
  | 'ALL'
  | 'SUCCESS'
  | 'REFUND'
  | 'RECHARGE_REFUND'
  | 'ALL_SPECIAL'
  | 'SUC_SPECIAL'
  | 'REF_SPECIAL';

export interface TradeBillRequest {
  /** `yyyy-MM-dd`, within the last 3 months. */
  bill_date: string;
  /** Default ALL (server side). */
  bill_type?: TradeBillType;
  /** `GZIP` for a compressed file; absent for plain text. */
  tar_type?: 'GZIP';
}

export interface PartnerTradeBillRequest extends TradeBillRequest {
  /** One sub-merchant's bill; absent for all of them. */
  sub_mchid?: string;
}

export interface FundflowBillRequest {
  bill_date: string;
  /** Default BASIC (server side). */
  account_type?: 'BASIC' | 'OPERATION' | 'FEES';
  tar_type?: 'GZIP';
}

export interface SubMerchantFundflowBillRequest {
  sub_mchid: string;
  bill_date: string;
  account_type: 'BASIC' | 'OPERATION' | 'FEES' | 'DEPOSIT';
  /** Only AEAD_AES_256_GCM can be decrypted here (Node has no SM4-GCM). */
  algorithm: 'AEAD_AES_256_GCM';
  tar_type?: 'GZIP';
}

/** Where and how to download a bill, as the apply APIs return it. */
export interface BillDownloadInfo {
  hash_type: 'SHA1' | 'SHA256' | (string & {});
  /** Digest of the original (decompressed) file. */
  hash_value: string;
  /** Use verbatim; valid for a short time (30 s to 5 min). */
  download_url: string;
  /**
   * Added by this SDK (not on the wire): the `tar_type` you asked for, so `bills.download` knows to gunzip.
   */
  tar_type?: 'GZIP';
}

/** One part of an encrypted sub-merchant fund-flow bill. */
export interface EncryptedBillEntry {
  /** Parts are joined in this order after decryption. */
  bill_sequence: number;
  download_url: string;
  /** The AES-256-GCM file key, RSA-OAEP encrypted with your merchant certificate's public key. */
  encrypt_key: string;
  hash_type: 'SHA1' | 'SHA256' | (string & {});
  hash_value: string;
  nonce: string;
}

export interface SubMerchantFundflowBill {
  download_bill_count: number;
  download_bill_list: EncryptedBillEntry[];
  /** Added by this SDK: the `tar_type` you asked for. */
  tar_type?: 'GZIP';
}

export interface BillDownloadOptions {
  /** Gunzip the file. Default: true when the bill was applied for with `tar_type: 'GZIP'`. */
  gunzip?: boolean;
  timeout?: number;
  signal?: AbortSignal;
}
