/** Creates the database a PostgreSQL URL names, if it does not exist. */
export function createDatabase(url: string): Promise<void>;
/** Drops the database a PostgreSQL URL names, closing its connections. */
export function dropDatabase(url: string): Promise<void>;
