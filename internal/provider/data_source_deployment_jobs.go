package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobsDataSource)(nil)

// NewDeploymentJobsDataSource is data "alicas_deployment_jobs".
func NewDeploymentJobsDataSource() datasource.DataSource {
	return &deploymentJobsDataSource{}
}

type deploymentJobsDataSource struct {
	configuredDataSource
}

type deploymentJobsModel struct {
	JobType   types.String `tfsdk:"job_type"`
	Status    types.String `tfsdk:"status"`
	NameRegex types.String `tfsdk:"name_regex"`
	IDs       types.List   `tfsdk:"ids"`
	Names     types.List   `tfsdk:"names"`
	Jobs      types.List   `tfsdk:"jobs"`
	readTimeout
}

// jobTypes are the documented values of the job_type filter.
var jobTypes = []string{"cloud", "user", "trustee"}

// deploymentJob is one job: an element of jobs, and the top level of data
// "alicas_deployment_job".
var deploymentJob = newObject(
	int64Field("id", "Deployment job ID (`Id`): the `job_id` of `alicas_deployment_job`, `alicas_deployment_job_certs` "+
		"and `alicas_deployment_job_resources`.", func(j *cas.DeploymentJob) *cas.Int64 { return j.ID }),
	stringField("name", "Job name (`Name`), as shown in the CAS console.", func(j *cas.DeploymentJob) *cas.String { return j.Name }),
	stringField("instance_id", "Job instance ID (`InstanceId`), e.g. `cas-job-user-0gvntn`.", func(j *cas.DeploymentJob) *cas.String { return j.InstanceID }),
	stringField("job_type", "Job type (`JobType`): `cloud` (multi-cloud), `user` (Alibaba Cloud services) or `trustee` (hosted).",
		func(j *cas.DeploymentJob) *cas.String { return j.JobType }),
	stringField("status", "Job status (`Status`): "+oneOfText(cas.JobStatuses)+".",
		func(j *cas.DeploymentJob) *cas.String { return j.Status }),
	stringField("cert_domain", "Domains of the job's certificates, comma-separated as the API sends them (`CertDomain`); "+
		"`split(\",\", cert_domain)` gives a list.", func(j *cas.DeploymentJob) *cas.String { return j.CertDomain }),
	stringField("cert_type", "How the job's certificates were obtained (`CertType`): `upload`, `buy` or `free`.",
		func(j *cas.DeploymentJob) *cas.String { return j.CertType }),
	stringField("product_name", "Cloud services the job deploys to (`ProductName`), e.g. `CDN` or `NLB`; comma-separated when several.",
		func(j *cas.DeploymentJob) *cas.String { return j.ProductName }),
	flagField("del", "Whether the job has been deleted (`Del`)", func(j *cas.DeploymentJob) *cas.Bool { return j.Del }),
	flagField("rollback", "Whether a cloud service of the job has been rolled back (`Rollback`)", func(j *cas.DeploymentJob) *cas.Bool { return j.Rollback }),
	int64Field("user_id", "ID of the Alibaba Cloud account that owns the job (`UserId`).", func(j *cas.DeploymentJob) *cas.Int64 { return j.UserID }),
	timeField("gmt_create", "created_at", "When the job was created (`GmtCreate`)", func(j *cas.DeploymentJob) *cas.Int64 { return j.GmtCreate }),
	timeField("gmt_modified", "modified_at", "When the job was last modified (`GmtModified`)", func(j *cas.DeploymentJob) *cas.Int64 { return j.GmtModified }),
	timeField("schedule_time", "scheduled_at", "When the job is or was scheduled to run (`ScheduleTime`)",
		func(j *cas.DeploymentJob) *cas.Int64 { return j.ScheduleTime }),
	timeField("start_time", "started_at", "When the job's last run started (`StartTime`)", func(j *cas.DeploymentJob) *cas.Int64 { return j.StartTime }),
	timeField("end_time", "ended_at", "When the job's last run ended (`EndTime`)", func(j *cas.DeploymentJob) *cas.Int64 { return j.EndTime }),
)

func (d *deploymentJobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_jobs"
}

func (d *deploymentJobsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		MarkdownDescription: "Finds CAS deployment jobs (API `ListDeploymentJob`), by type and status on the server and by name in the " +
			"provider. Their `ids` feed the `job_id` of `alicas_deployment_job`, `alicas_deployment_job_certs` and " +
			"`alicas_deployment_job_resources`.\n\n" +
			"Reads every page of the listing (50 jobs a page, at most 1000 pages) and lists each job once, in the API's order. " +
			"Jobs created or deleted while the pages are read shift the others across pages, as on any paged listing: none is " +
			"listed twice, but one that shifts onto a page already read is missed until the next read.",
		Attributes: map[string]schema.Attribute{
			"job_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only jobs of this type (`JobType`, filtered by the API): `cloud` (multi-cloud deployment), " +
					"`user` (deployment to Alibaba Cloud services) or `trustee` (hosted deployment, China site only). Omit for every type.",
				Validators: []validator.String{stringvalidator.OneOf(jobTypes...)},
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only jobs in this status (`Status`, filtered by the API): " + oneOfText(cas.JobStatuses) +
					". Omit for every status.",
				Validators: []validator.String{stringvalidator.OneOf(cas.Strings(cas.JobStatuses)...)},
			},
			"name_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only jobs whose name matches this regular expression (RE2 syntax, as Terraform's `regex()`; " +
					"unanchored, so `web` matches `my-web-job`: use `^web-` for a prefix). Applied by the provider after listing; " +
					"a job without a name never matches. Checked at plan time.",
				Validators: []validator.String{regexValidator{}},
			},
			"ids": idsAttribute("IDs of the matching jobs, in the order of `jobs`. Strings, so that `toset(ids)` works in " +
				"`for_each`; each converts to a `job_id` as it is."),
			"names": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Names of the matching jobs, in the order of `jobs`; null for a job the API sent without a name.",
			},
			"jobs": deploymentJob.listAttribute("The matching jobs, in the API's order; empty when none match. " + nullNote),
		},
	}
}

func (d *deploymentJobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model deploymentJobsModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	var nameRegex *regexp.Regexp
	if pattern := model.NameRegex.ValueString(); pattern != "" {
		var err error
		if nameRegex, err = regexp.Compile(pattern); err != nil { // validated at plan time; kept for safety
			resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
			return
		}
	}

	res, err := d.client.ListDeploymentJobs(ctx, cas.DeploymentJobFilter{JobType: model.JobType.ValueString(), Status: cas.JobStatus(model.Status.ValueString())})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not list deployment jobs", err))
		return
	}
	tflog.Debug(ctx, "Listed deployment jobs", map[string]any{"jobs": len(res.Jobs), "pages": res.Pages})
	matched := make([]cas.DeploymentJob, 0, len(res.Jobs))
	for _, j := range res.Jobs {
		if nameRegex == nil || j.Name != nil && nameRegex.MatchString(string(*j.Name)) {
			matched = append(matched, j)
		}
	}
	warnOddValues(&resp.Diagnostics, "ListDeploymentJob", matched, func(i int, j *cas.DeploymentJob) string {
		return itemName("jobs", i, "Id", j.ID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{
		"ids":   listValue(tftypes.String, matched, func(j *cas.DeploymentJob) tftypes.Value { return idValue(j.ID) }),
		"names": listValue(tftypes.String, matched, func(j *cas.DeploymentJob) tftypes.Value { return stringValue(j.Name) }),
		"jobs":  deploymentJob.listValue(matched),
	})...)
}

// regexValidator checks at plan time that a string is a regular expression
// Go (and so the provider) can compile.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "value must be a valid RE2 regular expression"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%s is not a valid regular expression (RE2 syntax, as Terraform's regex()): %v. "+
				"Escape special characters with a backslash, e.g. \"^web\\\\.\" in HCL for a literal dot.", req.Path, err))
	}
}
