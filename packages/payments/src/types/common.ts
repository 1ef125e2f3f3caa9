/** Building blocks shared by the prepay, query and refund shapes (official field names; money in integer fen). */

export interface OrderAmount {
  /** Order total in fen (分), at least 1. */
  total: number;
  /** `CNY` (the only currency for domestic payments). */
  currency?: string;
}

export interface GoodsDetail {
  merchant_goods_id: string;
  wechatpay_goods_id?: string;
  goods_name?: string;
  quantity: number;
  /** Unit price in fen. */
  unit_price: number;
}

export interface OrderDetail {
  /** In fen. */
  cost_price?: number;
  invoice_id?: string;
  goods_detail?: GoodsDetail[];
}

export interface StoreInfo {
  id: string;
  name?: string;
  area_code?: string;
  address?: string;
}

export interface SceneInfo {
  payer_client_ip: string;
  device_id?: string;
  store_info?: StoreInfo;
}

export interface H5Info {
  /** `iOS`, `Android` or `Wap`. */
  type: 'iOS' | 'Android' | 'Wap' | (string & {});
  app_name?: string;
  app_url?: string;
  bundle_id?: string;
  package_name?: string;
}

export interface H5SceneInfo extends SceneInfo {
  h5_info: H5Info;
}

export interface SettleInfo {
  profit_sharing?: boolean;
}

export interface PromotionGoodsDetail {
  goods_id: string;
  quantity: number;
  unit_price: number;
  discount_amount: number;
  goods_remark?: string;
}

export interface PromotionDetail {
  coupon_id: string;
  name?: string;
  scope?: 'GLOBAL' | 'SINGLE';
  type?: 'CASH' | 'NOCASH';
  amount: number;
  stock_id?: string;
  wechatpay_contribute?: number;
  merchant_contribute?: number;
  other_contribute?: number;
  currency?: string;
  goods_detail?: PromotionGoodsDetail[];
}
