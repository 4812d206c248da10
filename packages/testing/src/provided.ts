// What global-setup.ts hands to the test files (vitest's provide/inject).
declare module 'vitest' {
  interface ProvidedContext {
    mlcDatabaseServerUrl: string;
    mlcRedisUrl: string;
    mlcTemplateDatabase: string;
  }
}

/** Keys of the values global-setup.ts provides. */
export type ProvidedKey = 'mlcDatabaseServerUrl' | 'mlcRedisUrl' | 'mlcTemplateDatabase';
