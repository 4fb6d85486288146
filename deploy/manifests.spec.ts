import { CommonConfigSchema, loadConfig, parseNatsUrlList, PartitionConfigSchema, StreamConfigSchema } from '@livecast/config';
import { busIdentity, Names } from '@livecast/contracts';
import { deploymentHelmValues, deploymentIdentities, secretKeyOf, statefulSetPodNames } from '@livecast/stack-runner';
import { Type } from '@sinclair/typebox';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { K8S_DIR, loadManifests, readYaml, selects, validateManifest, type Manifest } from './manifests';

const manifests = loadManifests();
const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);
/** The four apps' workloads: Deployments, and the gateways' StatefulSet (stable names for their NATS users). */
const workloads = [...ofKind('Deployment'), ...ofKind('StatefulSet')];
const configMap = ofKind('ConfigMap')[0];

describe('deploy: Kubernetes manifests', () => {
  it.each(manifests.map((m) => [`${m.file} ${m.kind}/${m.metadata.name}`, m] as const))('%s fits the Kubernetes schema', (_name, manifest) => {
    expect(() => validateManifest(manifest)).not.toThrow();
  });

  it('the schema check catches a broken manifest and an unknown kind', () => {
    const gateway = structuredClone(workloads.find((d) => d.metadata.name === 'gateway') as Manifest);
    gateway.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(() => validateManifest(gateway)).toThrow(/containerPort must be integer/);
    expect(() => validateManifest({ ...gateway, apiVersion: 'apps/v1beta1' })).toThrow('no schema for apps/v1beta1 StatefulSet');
  });

  it('the kustomization lists every manifest but the examples, and nothing else', () => {
    const kustomization = readYaml<{ resources: string[] }>('k8s/kustomization.yaml');
    const files = [...new Set(manifests.map((m) => m.file))].filter((f) => !f.includes('.example.'));
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    kustomization.resources.forEach((file) => expect(existsSync(join(K8S_DIR, file))).toBe(true));
  });

  it('puts every object in the livecast namespace', () => {
    expect(manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== 'livecast')).toEqual([]);
  });

  it('has one workload per app: gateways in a StatefulSet, the others in Deployments', () => {
    expect(workloads.map((d) => d.metadata.name).sort()).toEqual(['fanout', 'gateway', 'ingest', 'membership']);
    expect(ofKind('StatefulSet').map((d) => d.metadata.name)).toEqual(['gateway']);
  });

  describe.each(workloads.map((d) => [d.metadata.name, d] as const))('%s', (name, deployment) => {
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    const portName = container.ports[0].name;

    it('probes /health/live and /health/ready on its HTTP port', () => {
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: portName });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: portName });
      expect(container.startupProbe.httpGet.path).toBe('/health/live');
    });

    it('listens where its config says', () => {
      const portVar = container.env.find((e: { name: string }) => e.name === `${name.toUpperCase()}_PORT`);
      expect(Number(portVar.value)).toBe(container.ports[0].containerPort);
    });

    it('has CPU and memory requests and a memory limit above its heap', () => {
      expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      const heapMb = Number(/--max-old-space-size=(\d+)/.exec(container.env.find((e: { name: string }) => e.name === 'NODE_OPTIONS').value)?.[1]);
      expect(heapMb).toBeLessThan(mebibytes(container.resources.limits.memory));
    });

    it('gets the time to drain: grace period ≥ preStop pause + SHUTDOWN_GRACE_MS + 5 s', () => {
      const preStopMs = container.lifecycle.preStop.sleep.seconds * 1000;
      const drainMs = Number(configMap.data?.SHUTDOWN_GRACE_MS);
      expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(preStopMs + drainMs + 5000);
    });

    it('reads the shared ConfigMap, and the JWT secret only from the Secret', () => {
      expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
      const jwt = container.env.find((e: { name: string }) => e.name === 'JWT_SECRET');
      if (name === 'gateway' || name === 'membership') expect(jwt).toEqual({ name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: 'livecast-jwt', key: 'JWT_SECRET' } } });
      else expect(jwt).toBeUndefined();
    });

    it('runs unprivileged with a read-only root', () => {
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    });

    it('has a Service and a PodDisruptionBudget that select its pods', () => {
      const labels = pod.metadata.labels;
      expect(selects(deployment.spec.selector.matchLabels, labels)).toBe(true);
      const services = ofKind('Service').filter((s) => selects(s.spec.selector, labels));
      expect(services).toHaveLength(1);
      expect(services[0].spec.ports).toEqual([expect.objectContaining({ name: 'http', targetPort: portName })]);
      expect(ofKind('PodDisruptionBudget').filter((p) => selects(p.spec.selector.matchLabels, labels))).toHaveLength(1);
    });
  });

  it('autoscales the gateways, and only them (the HPA owns their replica count)', () => {
    const [hpa, ...others] = ofKind('HorizontalPodAutoscaler');
    expect(others).toEqual([]);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'gateway' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(workloads.find((d) => d.metadata.name === 'gateway')?.spec.replicas).toBeUndefined();
  });

  it('scrapes /metrics of every Service', () => {
    const [monitor] = ofKind('ServiceMonitor');
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    ofKind('Service').forEach((service: Manifest) => expect(selects(monitor.spec.selector.matchLabels, service.metadata.labels)).toBe(true));
  });

  it('routes only /socket.io/ of the gateways in the ingress example', () => {
    const [ingress] = ofKind('Ingress');
    const paths = ingress.spec.rules.flatMap((r: { http: { paths: unknown[] } }) => r.http.paths);
    expect(paths).toEqual([{ path: '/socket.io/', pathType: 'Prefix', backend: { service: { name: 'gateway', port: { name: 'http' } } } }]);
  });
});

describe('deploy: configuration', () => {
  const data = configMap.data ?? {};

  it('is valid for the services (the same schema they check at start-up) and holds no secret', () => {
    const schema = Type.Object({ ...CommonConfigSchema, ...PartitionConfigSchema, ...StreamConfigSchema });
    expect(() => loadConfig(schema, data)).not.toThrow();
    expect(Object.keys(data).filter((k) => /SECRET|PASSWORD|TOKEN/.test(k))).toEqual([]);
  });

  it('replicates the stream and the buckets three times on the three NATS nodes it lists', () => {
    const values = readYaml<{ config: { cluster: { enabled: boolean; replicas: number }; jetstream: { enabled: boolean } } }>('nats/values.yaml');
    expect(values.config.cluster.enabled && values.config.jetstream.enabled).toBe(true);
    expect([Number(data.STREAM_REPLICAS), Number(data.KV_REPLICAS)]).toEqual([3, 3]);
    expect(values.config.cluster.replicas).toBe(3);
    const hosts = parseNatsUrlList(data.NATS_URL).map((s) => `${s.host}:${s.port}`);
    expect(hosts).toEqual([0, 1, 2].map((i) => `nats-${i}.nats-headless:4222`));
  });
});

describe('deploy: NATS identities (ADR 0014)', () => {
  const data = configMap.data ?? {};
  const names = new Names(data.NATS_NAMESPACE);
  const workload = (name: string) => workloads.find((w) => w.metadata.name === name) as Manifest;
  const envOf = (name: string) => workload(name).spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: unknown }[];
  const envVar = (name: string, variable: string) => envOf(name).find((e) => e.name === variable);
  const gatewayReplicas = ofKind('HorizontalPodAutoscaler')[0].spec.maxReplicas as number;
  const gatewayIds = statefulSetPodNames('gateway', gatewayReplicas);

  it.each(['membership', 'ingest', 'fanout'] as const)('%s logs in as its own user, its password from the Secret livecast-nats', (service) => {
    const user = names.natsUser(busIdentity(service, ''));
    expect(envVar(service, 'NATS_USER')).toEqual({ name: 'NATS_USER', value: user });
    expect(envVar(service, 'NATS_PASSWORD')).toEqual({ name: 'NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'livecast-nats', key: secretKeyOf(user) } } });
  });

  it('each gateway logs in as lc-gateway-<pod name>, its password read from the mounted gateway Secret (holding no service password) by its own key', () => {
    const pod = workload('gateway').spec.template.spec;
    expect(envVar('gateway', 'INSTANCE_ID')).toEqual({ name: 'INSTANCE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    // what the kubelet makes of $(INSTANCE_ID) in the pod gateway-3
    const inPod = (variable: string) => envVar('gateway', variable)?.value?.replace('$(INSTANCE_ID)', 'gateway-3');
    const user = names.natsUser(busIdentity('gateway', 'gateway-3'));
    expect(inPod('NATS_USER')).toBe(user);
    expect(envVar('gateway', 'NATS_PASSWORD')).toBeUndefined();
    const secrets = pod.volumes.filter((v: { secret?: unknown }) => v.secret).map((v: { secret: { secretName: string } }) => v.secret.secretName);
    expect(secrets).toEqual(['livecast-nats-gateways']);
    const volume = pod.volumes.find((v: { secret?: { secretName: string } }) => v.secret?.secretName === 'livecast-nats-gateways');
    const mount = pod.containers[0].volumeMounts.find((m: { name: string }) => m.name === volume.name);
    expect(mount.readOnly).toBe(true);
    expect(inPod('NATS_PASSWORD_FILE')).toBe(`${mount.mountPath}/${secretKeyOf(user)}`);
  });

  it('NATS has a user for every pod name the gateway StatefulSet can reach (the HPA maximum)', () => {
    expect(gatewayIds).toEqual(Array.from({ length: gatewayReplicas }, (_, i) => `gateway-${i}`));
    const users = deploymentIdentities(gatewayIds).map((identity) => names.natsUser(identity));
    const values = readFileSync(join(__dirname, 'nats', 'livecast-auth.values.yaml'), 'utf8');
    users.forEach((user) => expect(values).toContain(`user: "${user}"`));
  });

  it('livecast-auth.values.yaml is what `npm run nats-auth -- --format helm` generates (regenerate it when this fails)', () => {
    const command = `npm run -s nats-auth -- --format helm --gateway-statefulset ${gatewayReplicas}`;
    const generated = deploymentHelmValues({ names, partitions: Number(data.PARTITIONS), gatewayIds, secretName: 'livecast-nats', command });
    expect(readFileSync(join(__dirname, 'nats', 'livecast-auth.values.yaml'), 'utf8')).toBe(generated);
  });
});

function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
