import { Names } from '@livecast/contracts';
import { deploymentAuthFile, deploymentIdentities, passwordVariable } from '@livecast/stack-runner';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const docker = (file: string) => readFileSync(join(__dirname, '..', '..', '..', 'docker', file), 'utf8');
const names = new Names('lc');
const gatewayIds = ['gateway-1', 'gateway-2'];

describe('dev-stack: the deployment NATS config in docker/', () => {
  it('nats-auth.conf is what `npm run nats-auth` generates from the permission table (regenerate it when this fails)', () => {
    expect(docker('nats-auth.conf')).toBe(deploymentAuthFile({ names, partitions: 8, gatewayIds }));
  });

  it('compose gives nats-server every password and each app its own user and password', () => {
    const compose = docker('compose.yaml');
    for (const identity of deploymentIdentities(gatewayIds)) {
      const user = names.natsUser(identity);
      const variable = passwordVariable(user);
      expect(compose).toContain(`      NATS_USER: ${user}\n      NATS_PASSWORD: \${${variable}:-`);
      expect(compose).toMatch(new RegExp(`\\n  ${variable}: \\$\\{${variable}:-`));
    }
  });

  it('the compose and cluster configs include the generated users', () => {
    expect(docker('nats-compose.conf')).toContain('include ./nats-auth.conf');
    expect(docker('nats-cluster.conf')).toContain('include ./nats-auth.conf');
  });
});
