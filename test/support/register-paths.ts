import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

// Jest loads the global setup and teardown without its moduleNameMapper: resolve the
// workspace's @livecast/* aliases for them (and for what they import) from tsconfig.
const tsconfig = loadConfig(join(__dirname, '..', '..'));
if (tsconfig.resultType === 'failed') throw new Error(`cannot read tsconfig paths: ${tsconfig.message}`);
register({ baseUrl: tsconfig.absoluteBaseUrl, paths: tsconfig.paths });
