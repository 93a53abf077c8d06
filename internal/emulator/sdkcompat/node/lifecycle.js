// Drives a whole deployment through Alibaba Cloud's official Node.js CAS
// SDK, unchanged but for its endpoint: list cloud resources and contacts,
// upload a certificate, create a job, start it, poll it to success, list its
// workers, see the resources carry the new certificate, roll a worker back,
// delete the job and the certificate; then provoke each refusal. Prints what
// the SDK saw as JSON. Run by internal/emulator/sdkcompat_lifecycle_test.go,
// which makes the PEM files; needs `npm ci` here first.
'use strict';

const fs = require('fs');
const Cas = require('@alicloud/cas20200407');
const { $OpenApiUtil } = require('@alicloud/openapi-core');

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

// poll asks until done(answer) holds; the emulator's job steps are a few ms.
async function poll(ask, done) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const answer = await ask();
    if (done(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${JSON.stringify(answer)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function main() {
  const client = new Cas.default(new $OpenApiUtil.Config({
    endpoint: env('ALICAS_EMULATOR_ENDPOINT'), // host:port of the emulator
    protocol: process.env.ALICAS_PROTOCOL || 'http', // https against alicas-emulator -tls, with NODE_EXTRA_CA_CERTS
    accessKeyId: env('ALICAS_ACCESS_KEY_ID'),
    accessKeySecret: env('ALICAS_ACCESS_KEY_SECRET'),
  }));
  const cert = fs.readFileSync(env('ALICAS_CERT_FILE'), 'utf8');
  const key = fs.readFileSync(env('ALICAS_KEY_FILE'), 'utf8');
  const otherKey = fs.readFileSync(env('ALICAS_OTHER_KEY_FILE'), 'utf8');
  const out = {};

  const resources = (await client.listCloudResources(new Cas.ListCloudResourcesRequest({ showSize: 100 }))).body;
  out.resources = { total: resources.total, products: [...new Set(resources.data.map((r) => r.cloudProduct))].sort() };
  // The certificate is for *.example.io: the ALB www.example.io and the NLB
  // listener without a domain take it; live.example.com does not.
  const targets = resources.data.filter((r) => ['www.example.io', 'live.example.com'].includes(r.domain) || (r.cloudProduct === 'NLB' && !r.domain));
  const contacts = (await client.listContact(new Cas.ListContactRequest({}))).body;
  out.contacts = contacts.contactList.map((c) => c.contactId);

  const uploaded = (await client.uploadUserCertificate(new Cas.UploadUserCertificateRequest({ name: 'sdk-example-io', cert, key }))).body;
  const detail = (await client.getUserCertificateDetail(new Cas.GetUserCertificateDetailRequest({ certId: uploaded.certId, certFilter: true }))).body;
  out.upload = { certId: uploaded.certId, resourceId: uploaded.resourceId, common: detail.common, sans: detail.sans, fingerprint: detail.fingerprint, key: detail.key };

  const created = (await client.createDeploymentJob(new Cas.CreateDeploymentJobRequest({
    name: 'sdk-lifecycle', jobType: 'user', certIds: String(uploaded.certId),
    resourceIds: targets.map((r) => r.id).join(','), contactIds: out.contacts.slice(0, 2).join(','),
  }))).body;
  const jobId = created.jobId;
  const describe = async () => (await client.describeDeploymentJob(new Cas.DescribeDeploymentJobRequest({ jobId }))).body;
  out.created = { status: (await describe()).status };
  await client.updateDeploymentJobStatus(new Cas.UpdateDeploymentJobStatusRequest({ jobId, status: 'pending' }));
  const seen = new Set();
  const done = await poll(describe, (j) => { seen.add(j.status); return j.status === 'success' || j.status === 'error'; });
  out.finished = { status: done.status, seen: [...seen], del: done.del, rollback: done.rollback, productName: done.productName, startTime: done.startTime, endTime: done.endTime };

  const counts = (await client.describeDeploymentJobStatus(new Cas.DescribeDeploymentJobStatusRequest({ jobId }))).body;
  out.counts = { workerCount: counts.workerCount, successCount: counts.successCount, failedCount: counts.failedCount };
  const listWorkers = async () => (await client.listWorkerResource(new Cas.ListWorkerResourceRequest({ jobId }))).body.data;
  const workers = await listWorkers();
  out.workers = workers.map((w) => ({ resourceId: w.resourceId, certId: w.certId, status: w.status, cloudProduct: w.cloudProduct }));
  const carrying = (await client.listCloudResources(new Cas.ListCloudResourcesRequest({ certIds: [uploaded.certId] }))).body;
  out.carrying = carrying.data.map((r) => ({ id: r.id, certId: r.certId, certName: r.certName, certEndTime: r.certEndTime }));
  const jobResources = (await client.listDeploymentJobResource(new Cas.ListDeploymentJobResourceRequest({ jobId }))).body;
  out.jobResources = jobResources.data.map((r) => ({ id: r.id, certId: r.certId || 0 }));

  // Roll the ALB worker back: the listener had no certificate before.
  const alb = workers.find((w) => w.cloudProduct === 'ALB');
  await client.updateWorkerResourceStatus(new Cas.UpdateWorkerResourceStatusRequest({ jobId, workerId: alb.id, status: 'rollback' }));
  const rolled = await poll(listWorkers, (ws) => ws.find((w) => w.id === alb.id).status !== 'rollback');
  out.rollback = {
    worker: rolled.find((w) => w.id === alb.id).status,
    jobRollback: (await describe()).rollback,
    carrying: (await client.listCloudResources(new Cas.ListCloudResourcesRequest({ certIds: [uploaded.certId] }))).body.data.map((r) => r.id),
  };

  // Refusals, each by its code.
  const refusals = {};
  const refuse = async (name, call) => {
    try {
      await call();
      refusals[name] = { statusCode: 200 };
    } catch (err) {
      refusals[name] = { statusCode: err.statusCode, code: err.code };
    }
  };
  const create = (over) => client.createDeploymentJob(new Cas.CreateDeploymentJobRequest(Object.assign({
    name: 'refused', jobType: 'user', certIds: String(uploaded.certId), resourceIds: String(alb.resourceId), contactIds: String(out.contacts[0]),
  }, over)));
  await refuse('update outside editing', () => client.updateDeploymentJob(new Cas.UpdateDeploymentJobRequest({ jobId, name: 'renamed' })));
  await refuse('status of a finished job', () => client.updateDeploymentJobStatus(new Cas.UpdateDeploymentJobStatusRequest({ jobId, status: 'editing' })));
  await refuse('unknown certificate', () => create({ certIds: '424242' }));
  await refuse('empty certificate IDs', () => create({ certIds: '' }));
  await refuse('unknown resource', () => create({ resourceIds: '424242' }));
  await refuse('empty resource ID', () => create({ resourceIds: `${alb.resourceId},` }));
  await refuse('unknown contact', () => create({ contactIds: '424242' }));
  await refuse('empty contact IDs', () => create({ contactIds: '' }));
  await refuse('bad JobType', () => create({ jobType: 'USER' }));
  await refuse('ScheduleTime in the past', () => create({ scheduleTime: Date.now() - 60000 }));
  await refuse('delete while processing', () => client.deleteDeploymentJob(new Cas.DeleteDeploymentJobRequest({ jobId: 9002 })));
  await refuse('upload a taken name', () => client.uploadUserCertificate(new Cas.UploadUserCertificateRequest({ name: 'sdk-example-io', cert, key })));
  await refuse('key of another certificate', () => client.uploadUserCertificate(new Cas.UploadUserCertificateRequest({ name: 'mismatch', cert, key: otherKey })));
  await refuse('text that is not PEM', () => client.uploadUserCertificate(new Cas.UploadUserCertificateRequest({ name: 'junk', cert: 'not a certificate', key })));
  const pending = (await create({ name: 'holds-the-certificate' })).body.jobId;
  await refuse('delete a certificate an unfinished job uses', () => client.deleteUserCertificate(new Cas.DeleteUserCertificateRequest({ certId: uploaded.certId })));
  await client.deleteDeploymentJob(new Cas.DeleteDeploymentJobRequest({ jobId: pending }));
  out.refusals = refusals;

  // Delete the job, then the certificate.
  await client.deleteDeploymentJob(new Cas.DeleteDeploymentJobRequest({ jobId }));
  const listed = (await client.listDeploymentJob(new Cas.ListDeploymentJobRequest({ showSize: 100 }))).body.data.map((j) => j.id);
  out.deleted = { listed: listed.includes(jobId), del: (await describe()).del };
  await client.deleteUserCertificate(new Cas.DeleteUserCertificateRequest({ certId: uploaded.certId }));
  const after = (await client.listUserCertificateOrder(new Cas.ListUserCertificateOrderRequest({ orderType: 'UPLOAD' }))).body;
  out.certificateDeleted = !after.certificateOrderList.some((c) => c.certificateId === uploaded.certId);

  console.log(JSON.stringify(out));
}

main().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
