export declare const DEFAULT_DIR: string;
export declare const CONTENT_TYPES: Readonly<Record<string, string>>;

export interface ServeDocsOptions {
  /** The folder to serve. Default: tools/docs/dist. */
  dir?: string | undefined;
  /** Default 4000; 0 picks a free port. */
  port?: number | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
}

export interface DocsServer {
  /** e.g. `http://127.0.0.1:4000` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export declare function serveDocs(options?: ServeDocsOptions): Promise<DocsServer>;
