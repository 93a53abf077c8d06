package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobDataSource)(nil)

// NewDeploymentJobDataSource is data "alicas_deployment_job".
func NewDeploymentJobDataSource() datasource.DataSource {
	return &deploymentJobDataSource{}
}

type deploymentJobDataSource struct {
	configuredDataSource
}

// describedJob is what data "alicas_deployment_job" shows: the job as
// DescribeDeploymentJob answers, and its Config parsed. A Config that does
// not parse leaves cert_ids and share_cert_ids null; the raw text stays in
// config.
type describedJob struct {
	*cas.DeploymentJobDetail
	config cas.DeploymentJobConfig
}

func describedJobOf(j *cas.DeploymentJobDetail) *describedJob {
	d := &describedJob{DeploymentJobDetail: j}
	if j.Config != nil {
		if parsed, err := cas.ParseDeploymentJobConfig(string(*j.Config)); err == nil {
			d.config = *parsed
		}
	}
	return d
}

// jobDetail is the whole data source but job_id and timeouts: the fields
// every listed job has, and what only DescribeDeploymentJob answers.
var jobDetail = newObject(
	within(deploymentJob, func(d *describedJob) *cas.DeploymentJob { return &d.DeploymentJob }),
	stringField("config", "The job's configuration exactly as the API sends it (`Config`), JSON text such as "+
		"`{\"shareCertIds\":[],\"certIds\":[12342649,12304338]}`. `cert_ids` and `share_cert_ids` are read from it.",
		func(d *describedJob) *cas.String { return d.Config }),
	int64sField("cert_ids", "IDs of the certificates the job deploys (`certIds` in `config`), in the API's order. "+
		"Null when `config` is absent, is not JSON, or has no `certIds`.",
		func(d *describedJob) []cas.Int64 { return d.config.CertIDs }),
	int64sField("share_cert_ids", "IDs of the shared certificates the job deploys (`shareCertIds` in `config`). "+
		"Null when `config` is absent, is not JSON, or has no `shareCertIds`.",
		func(d *describedJob) []cas.Int64 { return d.config.ShareCertIDs }),
	listField("contacts", "Who CAS notifies about the job (`CasContacts`), in the API's order.", jobContact,
		func(d *describedJob) []cas.Contact { return d.Contacts }),
)

// jobContact is one element of contacts.
var jobContact = newObject(
	stringField("id", "Contact ID (`Id`), as the API sends it: a string.", func(c *cas.Contact) *cas.String { return c.ID }),
	stringField("name", "Contact name (`Name`).", func(c *cas.Contact) *cas.String { return c.Name }),
	stringField("email", "Contact email address (`Email`).", func(c *cas.Contact) *cas.String { return c.Email }),
	stringField("mobile", "Contact phone number (`Mobile`), partly masked by the API, e.g. `139****0000`.",
		func(c *cas.Contact) *cas.String { return c.Mobile }),
)

func (d *deploymentJobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job"
}

func (d *deploymentJobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := jobDetail.attributes()
	attrs["job_id"] = schema.Int64Attribute{
		Required: true,
		MarkdownDescription: "ID of the deployment job (the API's `JobId`), e.g. an element of `data.alicas_deployment_jobs.<name>.ids` " +
			"or the ID shown in the CAS console. Must be 1 or more.",
		CustomType: positiveWholeNumber,
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		MarkdownDescription: "Reads one CAS deployment job (API `DescribeDeploymentJob`): its name, type, status, times, " +
			"configuration and contacts. Fails when the job does not exist. For the job's certificates and cloud resources use " +
			"`alicas_deployment_job_certs` and `alicas_deployment_job_resources`.\n\n" + nullNote,
		Attributes: attrs,
	}
}

func (d *deploymentJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var jobID wholeNumberValue
	var limit readTimeout
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("job_id"), &jobID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &limit.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := beginRead(ctx, limit, d.client, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}

	res, err := d.client.DescribeDeploymentJob(ctx, jobID.ValueInt64())
	if err != nil {
		resp.Diagnostics.Append(describeError(jobID.ValueInt64(), err))
		return
	}
	warnOddValues(&resp.Diagnostics, "DescribeDeploymentJob", []cas.DeploymentJobDetail{res.Job}, func(int, *cas.DeploymentJobDetail) string {
		return fmt.Sprintf("job %d", jobID.ValueInt64())
	})
	resp.Diagnostics.Append(setState(&resp.State, jobDetail.values(describedJobOf(&res.Job)))...)
}

// describeError is the diagnostic for a failed DescribeDeploymentJob: for
// a job the account does not have, an error on job_id.
func describeError(jobID int64, err error) diag.Diagnostic {
	var notFound *cas.NotFoundError
	if errors.As(err, &notFound) {
		return diag.NewAttributeErrorDiagnostic(path.Root("job_id"), "Deployment job not found",
			fmt.Sprintf("DescribeDeploymentJob answered with no job for job_id %d (RequestId: %s). "+
				"Check the ID in the CAS console (Deployment > Deployment jobs) or find it with data \"alicas_deployment_jobs\".",
				jobID, orUnknown(notFound.RequestID)))
	}
	return apiErrorDiagnostic(fmt.Sprintf("Could not read deployment job %d", jobID), err)
}

// confirmJob tells a job with nothing to list from a job that does not
// exist, for which the list operations answer [] too: one
// DescribeDeploymentJob, made only after an empty answer. It reports
// whether the job exists, adding the diagnostic when it does not.
func confirmJob(ctx context.Context, client *cas.Client, jobID int64, diags *diag.Diagnostics) bool {
	if _, err := client.DescribeDeploymentJob(ctx, jobID); err != nil {
		diags.Append(describeError(jobID, err))
		return false
	}
	return true
}
