/* global process */
// Validates Kubernetes objects (a JSON array on stdin) against the Kubernetes and Prometheus
// Operator schemas of `kubernetes-models`; prints a JSON array of problems. A separate Node
// process because those packages are ES modules that only `import` resolves.
const input = await new Promise((resolve) => {
  let text = '';
  process.stdin
    .setEncoding('utf8')
    .on('data', (chunk) => (text += chunk))
    .on('end', () => resolve(text));
});
const problems = [];
for (const object of JSON.parse(input)) {
  const where = `${object.kind} ${object.metadata?.name}`;
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const module =
    group === 'monitoring.coreos.com'
      ? `@kubernetes-models/prometheus-operator/${group}/${version}`
      : `kubernetes-models/${group ? `${group}/` : ''}${version}`;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    problems.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
