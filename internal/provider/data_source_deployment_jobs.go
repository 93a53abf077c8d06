package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobsDataSource)(nil)

// NewDeploymentJobsDataSource is data "alicas_deployment_jobs".
func NewDeploymentJobsDataSource() datasource.DataSource {
	return &deploymentJobsDataSource{}
}

type deploymentJobsDataSource struct {
	providerData any
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

// The documented values of the server-side filters.
var (
	jobTypes    = []string{"cloud", "user", "trustee"}
	jobStatuses = []string{"pending", "editing", "scheduling", "processing", "error", "success"}
)

// deploymentJobAttrTypes is the shape of one job: an element of jobs, and
// the top level of data "alicas_deployment_job".
var deploymentJobAttrTypes = map[string]attr.Type{
	"id":            types.Int64Type,
	"name":          types.StringType,
	"instance_id":   types.StringType,
	"job_type":      types.StringType,
	"status":        types.StringType,
	"cert_domain":   types.StringType,
	"cert_type":     types.StringType,
	"product_name":  types.StringType,
	"del":           types.BoolType,
	"rollback":      types.BoolType,
	"user_id":       types.Int64Type,
	"gmt_create":    types.Int64Type,
	"created_at":    types.StringType,
	"gmt_modified":  types.Int64Type,
	"modified_at":   types.StringType,
	"schedule_time": types.Int64Type,
	"scheduled_at":  types.StringType,
	"start_time":    types.Int64Type,
	"started_at":    types.StringType,
	"end_time":      types.Int64Type,
	"ended_at":      types.StringType,
}

var deploymentJobObjectType = types.ObjectType{AttrTypes: deploymentJobAttrTypes}

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
				MarkdownDescription: "Only jobs in this status (`Status`, filtered by the API): `pending`, `editing`, `scheduling`, " +
					"`processing`, `error` or `success`. Omit for every status.",
				Validators: []validator.String{stringvalidator.OneOf(jobStatuses...)},
			},
			"name_regex": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only jobs whose name matches this regular expression (RE2 syntax, as Terraform's `regex()`; " +
					"unanchored, so `web` matches `my-web-job`: use `^web-` for a prefix). Applied by the provider after listing; " +
					"a job without a name never matches. Checked at plan time.",
				Validators: []validator.String{regexValidator{}},
			},
			"ids": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "IDs of the matching jobs, in the order of `jobs`. Strings, so that `toset(ids)` works in " +
					"`for_each`; each converts to a `job_id` as it is.",
			},
			"names": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Names of the matching jobs, in the order of `jobs`; null for a job the API sent without a name.",
			},
			"jobs": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The matching jobs, in the API's order; empty when none match. An attribute the API left out " +
					"is null, never 0 or \"\".",
				NestedObject: schema.NestedAttributeObject{Attributes: deploymentJobSchemaAttributes()},
			},
		},
	}
}

// deploymentJobSchemaAttributes describes deploymentJobAttrTypes.
func deploymentJobSchemaAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"id": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "Deployment job ID (`Id`): the `job_id` of `alicas_deployment_job`, `alicas_deployment_job_certs` " +
				"and `alicas_deployment_job_resources`."},
		"name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Job name (`Name`), as shown in the CAS console."},
		"instance_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Job instance ID (`InstanceId`), e.g. `cas-job-user-0gvntn`."},
		"job_type": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Job type (`JobType`): `cloud` (multi-cloud), `user` (Alibaba Cloud services) or `trustee` (hosted)."},
		"status": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Job status (`Status`): `pending`, `editing`, `scheduling`, `processing`, `error` or `success`."},
		"cert_domain": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Domains of the job's certificates, comma-separated as the API sends them (`CertDomain`); " +
				"`split(\",\", cert_domain)` gives a list."},
		"cert_type": schema.StringAttribute{Computed: true,
			MarkdownDescription: "How the job's certificates were obtained (`CertType`): `upload`, `buy` or `free`."},
		"product_name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Cloud services the job deploys to (`ProductName`), e.g. `CDN` or `NLB`; comma-separated when several."},
		"del": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the job has been deleted (the API's `Del`: 1 is `true`, 0 is `false`)."},
		"rollback": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether a cloud service of the job has been rolled back (the API's `Rollback`: 1 is `true`, 0 is `false`)."},
		"user_id": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "ID of the Alibaba Cloud account that owns the job (`UserId`)."},
	}
	maps.Copy(attrs, timeAttributes("gmt_create", "created_at", "When the job was created (`GmtCreate`)"))
	maps.Copy(attrs, timeAttributes("gmt_modified", "modified_at", "When the job was last modified (`GmtModified`)"))
	maps.Copy(attrs, timeAttributes("schedule_time", "scheduled_at", "When the job is or was scheduled to run (`ScheduleTime`)"))
	maps.Copy(attrs, timeAttributes("start_time", "started_at", "When the job's last run started (`StartTime`)"))
	maps.Copy(attrs, timeAttributes("end_time", "ended_at", "When the job's last run ended (`EndTime`)"))
	return attrs
}

// deploymentJobAttrValues converts one job into deploymentJobAttrTypes' values.
func deploymentJobAttrValues(j *cas.DeploymentJob) map[string]attr.Value {
	return map[string]attr.Value{
		"id":            int64Value(j.ID),
		"name":          stringValue(j.Name),
		"instance_id":   stringValue(j.InstanceID),
		"job_type":      stringValue(j.JobType),
		"status":        stringValue(j.Status),
		"cert_domain":   stringValue(j.CertDomain),
		"cert_type":     stringValue(j.CertType),
		"product_name":  stringValue(j.ProductName),
		"del":           boolValue(j.Del),
		"rollback":      boolValue(j.Rollback),
		"user_id":       int64Value(j.UserID),
		"gmt_create":    int64Value(j.GmtCreate),
		"created_at":    rfc3339Value(j.GmtCreate),
		"gmt_modified":  int64Value(j.GmtModified),
		"modified_at":   rfc3339Value(j.GmtModified),
		"schedule_time": int64Value(j.ScheduleTime),
		"scheduled_at":  rfc3339Value(j.ScheduleTime),
		"start_time":    int64Value(j.StartTime),
		"started_at":    rfc3339Value(j.StartTime),
		"end_time":      int64Value(j.EndTime),
		"ended_at":      rfc3339Value(j.EndTime),
	}
}

func (d *deploymentJobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	d.providerData = req.ProviderData
}

func (d *deploymentJobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model deploymentJobsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
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
	ctx, cancel, client := beginRead(ctx, model.readTimeout, d.providerData, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}

	res, err := client.ListDeploymentJobs(ctx, cas.DeploymentJobFilter{JobType: model.JobType.ValueString(), Status: model.Status.ValueString()})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not list deployment jobs", err))
		return
	}
	tflog.Debug(ctx, "Listed deployment jobs", map[string]any{"jobs": len(res.Jobs), "pages": res.Pages})
	var diags diag.Diagnostics
	model.IDs, model.Names, model.Jobs, diags = deploymentJobsValues(res.Jobs, nameRegex)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// deploymentJobsValues converts the listed jobs whose name matches nameRegex
// (nil: all) into ids, names and jobs, building objects directly.
func deploymentJobsValues(jobs []cas.DeploymentJob, nameRegex *regexp.Regexp) (ids, names, list types.List, diags diag.Diagnostics) {
	idElems := make([]attr.Value, 0, len(jobs))
	nameElems := make([]attr.Value, 0, len(jobs))
	jobElems := make([]attr.Value, 0, len(jobs))
	for i := range jobs {
		j := &jobs[i]
		if nameRegex != nil && (j.Name == nil || !nameRegex.MatchString(string(*j.Name))) {
			continue
		}
		obj, d := types.ObjectValue(deploymentJobAttrTypes, deploymentJobAttrValues(j))
		diags.Append(d...)
		idElems = append(idElems, types.StringValue(strconv.FormatInt(int64(*j.ID), 10))) // the API layer refuses a job without Id
		nameElems = append(nameElems, stringValue(j.Name))
		jobElems = append(jobElems, obj)
	}
	ids, d := types.ListValue(types.StringType, idElems)
	diags.Append(d...)
	names, d = types.ListValue(types.StringType, nameElems)
	diags.Append(d...)
	list, d = types.ListValue(deploymentJobObjectType, jobElems)
	diags.Append(d...)
	return ids, names, list, diags
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
