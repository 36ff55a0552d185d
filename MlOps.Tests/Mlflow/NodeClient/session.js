// A training session through the npm package "mlflow" (a third-party MLflow REST client), against MLOPS_URL with
// MLOPS_TOKEN as the Bearer token. The last line of stdout is "RESULT <json>" for the test to check.
const MLflow = require('mlflow');

const client = new MLflow({ endpoint: process.env.MLOPS_URL, headers: { Authorization: `Bearer ${process.env.MLOPS_TOKEN}` } });
const { Experiments, Runs, Metrics, Artifacts } = client;

(async () => {
  const { experiment_id } = await Experiments.create({ name: `node-client-${Date.now()}` });
  const { experiment } = await Experiments.get({ experiment_id });
  const { run } = await Runs.create({ experiment_id, user_id: 'node', start_time: Date.now(), tags: [{ key: 'client', value: 'npm mlflow 2.0.7' }] });
  const run_id = run.info.run_id;
  await Runs.logParameter({ run_id, key: 'trainer', value: 'sdca' });
  await Runs.logBatch({
    run_id,
    metrics: [0, 1, 2].map(step => ({ key: 'accuracy', value: 0.8 + step / 20, timestamp: Date.now(), step })),
    params: [{ key: 'seed', value: '7' }],
    tags: [{ key: 'team', value: 'node' }],
  });
  await Runs.logMetric({ run_id, key: 'loss', value: 0.25, timestamp: Date.now(), step: 0 });
  await Runs.setTag({ run_id, key: 'stage', value: 'done' });
  const { run_info } = await Runs.update({ run_id, status: 'FINISHED', end_time: Date.now() });
  const history = await Metrics.getHistory({ run_id, metric_key: 'accuracy' });
  const artifacts = await Artifacts.list({ run_id });
  const { runs } = await Runs.search({ experiment_ids: [experiment_id], filter: "metrics.accuracy > 0.85 and params.trainer = 'sdca'", max_results: 10 });
  let refused = null;
  try {
    await Runs.get({ run_id: '999999999' });
  } catch (error) {
    refused = JSON.parse(error.message.replace(/^Error: /, '')).data;
  }

  console.log('RESULT ' + JSON.stringify({
    experiment_id, experiment_name: experiment.name, run_id, status: run_info.status,
    history: history.metrics.map(m => m.value), root_uri: artifacts.root_uri,
    found: runs.map(r => r.info.run_id), refused,
  }));
})().catch(error => {
  console.error(error.message);
  process.exit(1);
});
