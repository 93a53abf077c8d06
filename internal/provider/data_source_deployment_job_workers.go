package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobWorkersDataSource)(nil)

// NewDeploymentJobWorkersDataSource is data "alicas_deployment_job_workers".
func NewDeploymentJobWorkersDataSource() datasource.DataSource {
	return &deploymentJobWorkersDataSource{}
}

type deploymentJobWorkersDataSource struct {
	configuredDataSource
}

type deploymentJobWorkersModel struct {
	JobID        wholeNumberValue `tfsdk:"job_id"`
	Status       types.String     `tfsdk:"status"`
	CloudProduct types.String     `tfsdk:"cloud_product"`
	Workers      types.List       `tfsdk:"workers"`
	readTimeout
}

// deploymentJobWorker is one worker: an element of workers (and of
// alicas_deployment_job's failed_workers).
var deploymentJobWorker = newObject(
	int64Field("worker_id", "Worker ID (`Id`): the `WorkerId` a rollback names.", func(w *cas.Worker) *cas.Int64 { return w.ID }),
	int64Field("job_id", "ID of the deployment job the worker belongs to (`JobId`).", func(w *cas.Worker) *cas.Int64 { return w.JobID }),
	stringField("status", "Worker status (`Status`): "+oneOfText(cas.WorkerStatuses)+". The API gives no reason for an `error`.",
		func(w *cas.Worker) *cas.String { return w.Status }),
	int64Field("cert_id", "ID of the certificate the worker deploys (`CertId`).", func(w *cas.Worker) *cas.Int64 { return w.CertID }),
	stringField("cert_name", "Name of that certificate (`CertName`).", func(w *cas.Worker) *cas.String { return w.CertName }),
	stringField("cert_domain", "Domain bound to that certificate (`CertDomain`).", func(w *cas.Worker) *cas.String { return w.CertDomain }),
	stringField("cert_instance_id", "Instance ID of that certificate (`CertInstanceId`).", func(w *cas.Worker) *cas.String { return w.CertInstanceID }),
	int64Field("order_id", "Order ID of that certificate (`OrderId`), sent only when `cert_id` is not.", func(w *cas.Worker) *cas.Int64 { return w.OrderID }),
	int64Field("resource_id", "ID of the cloud resource the worker deploys to (`ResourceId`): an `id` of `alicas_cloud_resources`.",
		func(w *cas.Worker) *cas.Int64 { return w.ResourceID }),
	stringField("cloud_name", "Cloud of the resource (`CloudName`); the API leaves it out for Alibaba Cloud resources.",
		func(w *cas.Worker) *cas.String { return w.CloudName }),
	stringField("cloud_product", "Cloud service of the resource (`CloudProduct`), e.g. `CDN` or `SLB`.",
		func(w *cas.Worker) *cas.String { return w.CloudProduct }),
	stringField("cloud_region", "Region of the resource in its cloud's own naming (`CloudRegion`).", func(w *cas.Worker) *cas.String { return w.CloudRegion }),
	stringField("region_id", "Alibaba Cloud region ID of the resource (`RegionId`).", func(w *cas.Worker) *cas.String { return w.RegionID }),
	stringField("instance_id", "Instance ID of the resource (`InstanceId`)."+lbOnly, func(w *cas.Worker) *cas.String { return w.InstanceID }),
	stringField("listener_id", "Listener ID of the resource (`ListenerId`)."+lbOnly, func(w *cas.Worker) *cas.String { return w.ListenerID }),
	int64Field("port", "Listening port of the resource (`Port`)."+lbOnly, func(w *cas.Worker) *cas.Int64 { return w.Port }),
	boolField("default_resource", "Whether the resource is the default one, e.g. a listener's default certificate (`DefaultResource`)."+lbOnly,
		func(w *cas.Worker) *cas.Bool { return w.DefaultResource }),
	stringField("namespace_id", "SAE namespace of the resource (`NamespaceId`), for SAE only.", func(w *cas.Worker) *cas.String { return w.NamespaceID }),
	int64Field("resource_cert_id", "ID of the certificate the resource carried before this worker (`ResourceCertId`).",
		func(w *cas.Worker) *cas.Int64 { return w.ResourceCertID }),
	stringField("resource_domain", "Domain bound to the resource (`ResourceDomain`).", func(w *cas.Worker) *cas.String { return w.ResourceDomain }),
	timeField("gmt_create", "created_at", "When the worker was created (`GmtCreate`)", func(w *cas.Worker) *cas.Int64 { return w.GmtCreate }),
	timeField("gmt_modified", "modified_at", "When the worker last changed (`GmtModified`)", func(w *cas.Worker) *cas.Int64 { return w.GmtModified }),
	int64Field("user_id", "ID of the Alibaba Cloud account that owns the worker (`UserId`).", func(w *cas.Worker) *cas.Int64 { return w.UserID }),
)

func (d *deploymentJobWorkersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job_workers"
}

func (d *deploymentJobWorkersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the workers of one CAS deployment job (API `ListWorkerResource`): one per certificate and " +
			"cloud resource it matches, each with its status, so you can see which resource a job deployed to and which failed. " +
			"Every page is read. A job without workers gives `[]`; a job the account does not have is an error.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "ID of the deployment job (`JobId`), e.g. `alicas_deployment_job.<name>.job_id`. Must be 1 or more.",
				CustomType:          positiveWholeNumber,
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only workers in this status (`Status`), e.g. `error` for the failed ones.",
				Validators:          []validator.String{stringvalidator.OneOf(cas.Strings(cas.WorkerStatuses)...)},
			},
			"cloud_product": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only workers deploying to this cloud service (`CloudProduct`), e.g. `CDN`. Another value than the documented ones of `alicas_cloud_resources` is sent as given, with a warning.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), documentedValue{cloudProducts}},
			},
			"workers": deploymentJobWorker.listAttribute("The job's matching workers, in the API's order. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *deploymentJobWorkersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model deploymentJobWorkersModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	jobID := model.JobID.ValueInt64()
	res, err := d.client.ListWorkerResource(ctx, cas.WorkerFilter{JobID: jobID, Status: cas.WorkerStatus(model.Status.ValueString()), CloudProduct: model.CloudProduct.ValueString()})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not list the workers of deployment job %d", jobID), err))
		return
	}
	if len(res.Workers) == 0 && !confirmJob(ctx, d.client, jobID, &resp.Diagnostics) {
		return
	}
	tflog.Debug(ctx, "Listed workers", map[string]any{"job_id": jobID, "workers": len(res.Workers), "pages": res.Pages})
	warnOddValues(&resp.Diagnostics, "ListWorkerResource", res.Workers, func(i int, w *cas.Worker) string {
		return itemName("workers", i, "Id", w.ID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{"workers": deploymentJobWorker.listValue(res.Workers)})...)
}
