import { resolve } from 'node:path';

/**
 * The demo trial programme `aht-demo` (the 2027 replay the worked examples use) as a programme file: a test fixture,
 * not published data. Tests adopt it as an installation adopts its own programmes, through ADOPTED_PROGRAMMES, so
 * they run the same loading path production does.
 */
export const DEMO_PROGRAMME_FILE = resolve(__dirname, '../../obligations/src/testing/aht-demo.programme.json');

/** Config entries (loadConfig's env) that adopt the demo programme. */
export const DEMO_PROGRAMME_ENV = { ADOPTED_PROGRAMMES: DEMO_PROGRAMME_FILE } as const;
