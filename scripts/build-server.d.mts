export declare const STAMP: string;
export declare function serverBuildIsCurrent(): boolean;
export declare function buildServer(options?: { ifNeeded?: boolean; quiet?: boolean }): Promise<boolean>;
