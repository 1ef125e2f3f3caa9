/** 商户申请获取对账单 `GET /v3/payscore/merchant-bill`. */
export interface MerchantBillRequest {
  /** Account date; the current doc gives `YYYYMMDDHH`, older ones `yyyy-MM-dd`: sent as given. */
  bill_date: string;
  /** Default: the factory's `serviceId`. */
  service_id?: string;
  /** Default `GZIP` (the documented, required value). */
  tar_type?: 'GZIP' | (string & {});
  /** Default `AEAD_AES_256_GCM` (the documented, required value). */
  encryption_algorithm?: 'AEAD_AES_256_GCM' | (string & {});
}

export interface MerchantBillPart {
  /** Parts are joined in this order, starting at 1. */
  bill_sequence: number;
  download_url: string;
  /** The AES-256-GCM key, RSA-OAEP encrypted with the merchant's certificate public key. */
  encrypt_key: string;
  hash_type: 'SHA1' | (string & {});
  /** Digest of the original bill (after decryption and gunzip). */
  hash_value: string;
  nonce: string;
}

export interface MerchantBillResult {
  download_bill_count: number;
  download_bill_list?: MerchantBillPart[];
}
