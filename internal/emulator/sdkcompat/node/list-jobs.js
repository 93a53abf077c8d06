// Reads the emulator's deployment jobs through Alibaba Cloud's official
// Node.js CAS SDK, unchanged but for its endpoint: every page of
// ListDeploymentJob (the SDK's own CurrentPage/ShowSize/Status names), then
// DescribeDeploymentJob and ListDeploymentJobResource for each job. Prints
// what the SDK made of the answers as JSON. Run by
// internal/emulator/sdkcompat_jobs_test.go; needs `npm ci` here first.
'use strict';

const Cas = require('@alicloud/cas20200407');
const { $OpenApiUtil } = require('@alicloud/openapi-core');

async function main() {
  const env = (name) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const client = new Cas.default(new $OpenApiUtil.Config({
    endpoint: env('ALICAS_EMULATOR_ENDPOINT'), // host:port of the emulator
    protocol: 'http',
    accessKeyId: env('ALICAS_ACCESS_KEY_ID'),
    accessKeySecret: env('ALICAS_ACCESS_KEY_SECRET'),
  }));
  const showSize = Number(env('ALICAS_SHOW_SIZE'));
  const status = process.env.ALICAS_STATUS || undefined;
  const jobs = [];
  const pages = [];
  for (let currentPage = 1; ; currentPage++) {
    const resp = await client.listDeploymentJob(new Cas.ListDeploymentJobRequest({ currentPage, showSize, status }));
    const body = resp.body;
    pages.push({ currentPage: body.currentPage, showSize: body.showSize, total: body.total, size: (body.data || []).length });
    if (!body.data || body.data.length === 0) break;
    for (const j of body.data) {
      const detail = (await client.describeDeploymentJob(new Cas.DescribeDeploymentJobRequest({ jobId: j.id }))).body;
      const resources = (await client.listDeploymentJobResource(new Cas.ListDeploymentJobResourceRequest({ jobId: j.id }))).body;
      jobs.push({
        id: j.id,
        name: j.name,
        status: j.status,
        gmtCreate: j.gmtCreate,
        describedName: detail.name,
        config: detail.config,
        contacts: (detail.casContacts || []).map((c) => c.email),
        resources: (resources.data || []).map((r) => ({ id: r.id, cloudProduct: r.cloudProduct, certId: r.certId, certEndTime: r.certEndTime })),
      });
    }
  }
  console.log(JSON.stringify({ pages, jobs }));
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
