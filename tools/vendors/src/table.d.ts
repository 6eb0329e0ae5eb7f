export declare function formatTable(header: string[], rows: Array<Array<string | number>>): string;
