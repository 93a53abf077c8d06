// Calls the emulator through Alibaba Cloud's official Node.js CAS SDK, unchanged
// but for its endpoint, and prints what the SDK made of the answer as JSON.
// Run by internal/emulator/sdkcompat_test.go; needs `npm ci` here first.
'use strict';

const Cas = require('@alicloud/cas20200407');
const { $OpenApiUtil } = require('@alicloud/openapi-core');

async function main() {
  const env = (name) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
  };
  const config = new $OpenApiUtil.Config({
    endpoint: env('ALICAS_EMULATOR_ENDPOINT'), // host:port of the emulator
    protocol: 'http',
    accessKeyId: env('ALICAS_ACCESS_KEY_ID'),
    accessKeySecret: env('ALICAS_ACCESS_KEY_SECRET'),
  });
  if (process.env.ALICAS_SECURITY_TOKEN) config.securityToken = process.env.ALICAS_SECURITY_TOKEN;
  if (process.env.ALICAS_SIGNATURE_ALGORITHM) config.signatureAlgorithm = process.env.ALICAS_SIGNATURE_ALGORITHM;
  const client = new Cas.default(config);
  const request = new Cas.ListDeploymentJobCertRequest({ jobId: Number(env('ALICAS_JOB_ID')) });
  try {
    const resp = await client.listDeploymentJobCert(request);
    const body = resp.body;
    console.log(JSON.stringify({
      statusCode: resp.statusCode,
      requestId: body.requestId,
      certs: (body.data || []).map((c) => ({
        certInstanceId: c.certInstanceId,
        certName: c.certName,
        sans: c.sans,
        statusCode: c.statusCode,
        notAfterTime: c.notAfterTime,
      })),
    }));
  } catch (err) {
    console.log(JSON.stringify({ statusCode: err.statusCode, code: err.code, requestId: err.data && err.data.RequestId }));
  }
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
