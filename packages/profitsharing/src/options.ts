/** Factory defaults for `profitsharing(client, defaults)`; overridable per call. Partner fields go per call. */
export interface ProfitSharingDefaults {
  /** appid that the PERSONAL_OPENID receivers' openids belong to. */
  appid?: string;
}
