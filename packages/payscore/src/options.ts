/** Factory defaults for `payscore(client, defaults)`; every one is overridable per call. */
export interface PayscoreDefaults {
  /** 公众账号ID / 小程序 appid bound to the payscore service. */
  appid?: string;
  /** 支付分服务ID (`service_id`). */
  serviceId?: string;
  /** Callback URL for service orders, permissions and parking. */
  notifyUrl?: string;
}
