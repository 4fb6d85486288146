import { mintToken, signingSecretOf } from '@livecast/auth';
import { ROLES, type Role } from '@livecast/contracts';
import { Command, Option } from 'commander';
import { DEV_JWT_SECRET } from './dev-secret';

const program = new Command()
  .name('token')
  .description('Mints a livecast JWT (HS256) for local use.')
  .requiredOption('--sub <userId>', 'user id: any printable id up to 255 characters (e.g. auth0|5f7c…)')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).default('viewer'))
  .option('--name <name>', 'display name')
  .option('--ttl <seconds>', 'lifetime in seconds', '86400')
  .option('--secret <secret>', 'signing secret (default: the first of JWT_SECRET)', signingSecretOf(process.env.JWT_SECRET ?? DEV_JWT_SECRET))
  .parse();

const options = program.opts<{ sub: string; role: Role; name?: string; ttl: string; secret: string }>();
console.log(mintToken(options.secret, { sub: options.sub, role: options.role, name: options.name }, Number(options.ttl)));
