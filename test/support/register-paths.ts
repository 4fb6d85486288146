import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.base.json';

// Jest loads the global setup and teardown without its moduleNameMapper: resolve the
// workspace's @livecast/* aliases for them (and for what they import) from tsconfig.
register({ baseUrl: join(__dirname, '..', '..'), paths: compilerOptions.paths });
