import type { ReceiverType } from './order.js';

export type RelationType =
  | 'SERVICE_PROVIDER'
  | 'STORE'
  | 'STAFF'
  | 'STORE_OWNER'
  | 'PARTNER'
  | 'HEADQUARTER'
  | 'BRAND'
  | 'DISTRIBUTOR'
  | 'USER'
  | 'SUPPLIER'
  | 'CUSTOM'
  | (string & {});

/** 添加分账接收方 `POST /v3/profitsharing/receivers/add`. The Python SDK calls `type` `account_type`. */
export interface AddReceiverRequest {
  sub_mchid?: string;
  /** Default: the factory's `appid`. */
  appid?: string;
  sub_appid?: string;
  type: ReceiverType;
  account: string;
  /** Plaintext; encrypted by core (required for MERCHANT_ID). */
  name?: string;
  relation_type: RelationType;
  /** Required when relation_type is CUSTOM. */
  custom_relation?: string;
}

export interface Receiver {
  sub_mchid?: string;
  type: ReceiverType;
  account: string;
  /** Ciphertext as echoed by WeChat Pay: `client.decrypt(name)`. */
  name?: string;
  relation_type?: RelationType;
  custom_relation?: string;
}

/** 删除分账接收方 `POST /v3/profitsharing/receivers/delete`. */
export interface DeleteReceiverRequest {
  sub_mchid?: string;
  appid?: string;
  sub_appid?: string;
  type: ReceiverType;
  account: string;
}
