/** A page of results as the marketing list APIs return it. */
export interface Page<T> {
  data?: T[];
  total_count: number;
  offset?: number;
  limit?: number;
}

/** Paging parameters of the list APIs (sent in the query). No hidden defaults: omit them for the API's own. */
export interface Paging {
  offset?: number;
  limit?: number;
}

/** A JSON answer that carries a flow-file URL and its digest (代金券 use-flow / refund-flow). */
export interface FlowFile {
  exec_count?: number;
  hash_value: string;
  hash_type: 'SHA1' | string;
  url: string;
}
