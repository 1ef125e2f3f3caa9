/** 申请分账账单 `GET /v3/profitsharing/bills`. */
export interface BillRequest {
  sub_mchid?: string;
  /** `yyyy-MM-dd`. */
  bill_date: string;
  /** `GZIP` for a gzip file; absent for plain text. */
  tar_type?: 'GZIP' | (string & {});
}

export interface BillResult {
  download_url: string;
  hash_type: 'SHA1' | (string & {});
  hash_value: string;
}
