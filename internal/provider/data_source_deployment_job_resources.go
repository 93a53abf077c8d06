package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobResourcesDataSource)(nil)

// NewDeploymentJobResourcesDataSource is data "alicas_deployment_job_resources".
func NewDeploymentJobResourcesDataSource() datasource.DataSource {
	return &deploymentJobResourcesDataSource{}
}

type deploymentJobResourcesDataSource struct {
	configuredDataSource
}

type deploymentJobResourcesModel struct {
	JobID     wholeNumberValue `tfsdk:"job_id"`
	Resources types.List       `tfsdk:"resources"`
	readTimeout
}

func (d *deploymentJobResourcesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job_resources"
}

func (d *deploymentJobResourcesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		MarkdownDescription: "Lists the cloud resources one CAS deployment job deploys certificates to (API `ListDeploymentJobResource`): " +
			"CDN domains, load-balancer listeners and the like, each with the certificate now bound to it. " +
			"A job with no resources gives an empty list; a job that does not exist, an error (found with one " +
			"`DescribeDeploymentJob`, made only when the list is empty).",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "ID of the deployment job (the API's `JobId`), e.g. an element of `data.alicas_deployment_jobs.<name>.ids` " +
					"or the ID shown in the CAS console. Must be 1 or more.",
				CustomType: positiveWholeNumber,
			},
			"resources": cloudResource.listAttribute("The job's cloud resources, in the API's order. " + nullNote),
		},
	}
}

// lbOnly marks what only load-balancer style products send.
const lbOnly = " Sent only for load-balancer style products (`SLB`, `ALB`, `NLB`, `GA`)."

// cloudResource is one element of resources.
var cloudResource = newObject(
	int64Field("id", "Resource ID (`Id`).", func(r *cas.DeploymentJobResource) *cas.Int64 { return r.ID }),
	stringField("cloud_name", "Cloud the resource lives in (`CloudName`): `aliyun` (Alibaba Cloud), `Tencent`, ...",
		func(r *cas.DeploymentJobResource) *cas.String { return r.CloudName }),
	stringField("cloud_product", "Cloud service of the resource (`CloudProduct`), e.g. `CDN`, `DCDN`, `SLB`, `ALB`, `NLB`, `GA`, "+
		"`WAF`, `OSS`, `LIVE`, `VOD`, `APIGateway`, `FC`, `MSE`, `SAE`, `TencentCDN`.",
		func(r *cas.DeploymentJobResource) *cas.String { return r.CloudProduct }),
	stringField("cloud_region", "Region of the resource in its cloud's own naming (`CloudRegion`), e.g. `cn-hangzhou` or `ap-guangzhou`.",
		func(r *cas.DeploymentJobResource) *cas.String { return r.CloudRegion }),
	stringField("region_id", "Alibaba Cloud region ID of the resource (`RegionId`), e.g. `cn-hangzhou`.",
		func(r *cas.DeploymentJobResource) *cas.String { return r.RegionID }),
	stringField("domain", "Domain name bound to the resource (`Domain`).", func(r *cas.DeploymentJobResource) *cas.String { return r.Domain }),
	stringField("instance_id", "Instance ID of the resource (`InstanceId`), e.g. a load balancer's."+lbOnly,
		func(r *cas.DeploymentJobResource) *cas.String { return r.InstanceID }),
	stringField("listener_id", "Listener ID (`ListenerId`), e.g. `lsn-vwdff0q20poq5xazb9@443`."+lbOnly,
		func(r *cas.DeploymentJobResource) *cas.String { return r.ListenerID }),
	stringField("listener_port", "Listener port as the API sends it, a string (`ListenerPort`); `tonumber()` converts it."+lbOnly,
		func(r *cas.DeploymentJobResource) *cas.String { return r.ListenerPort }),
	int64Field("cert_id", "ID of the certificate now bound to the resource (`CertId`): the `cert_id` of `alicas_deployment_job_certs`.",
		func(r *cas.DeploymentJobResource) *cas.Int64 { return r.CertID }),
	stringField("cert_name", "Name of the certificate now bound to the resource (`CertName`).", func(r *cas.DeploymentJobResource) *cas.String { return r.CertName }),
	timeField("cert_start_time", "cert_not_before", "Start of validity of the bound certificate (`CertStartTime`)",
		func(r *cas.DeploymentJobResource) *cas.Int64 { return r.CertStartTime }),
	timeField("cert_end_time", "cert_not_after", "End of validity of the bound certificate (`CertEndTime`)",
		func(r *cas.DeploymentJobResource) *cas.Int64 { return r.CertEndTime }),
	flagField("enable_https", "Whether HTTPS is enabled on the resource (`EnableHttps`)", func(r *cas.DeploymentJobResource) *cas.Bool { return r.EnableHTTPS }),
	flagField("use_ssl", "Whether an Alibaba Cloud SSL certificate is used, in multi-cloud deployments only (`UseSsl`)",
		func(r *cas.DeploymentJobResource) *cas.Bool { return r.UseSSL }),
	flagField("default_resource", "Whether the resource is the default one, e.g. a listener's default certificate, "+
		"for load-balancer style products only (`DefaultResource`)", func(r *cas.DeploymentJobResource) *cas.Bool { return r.DefaultResource }),
	stringField("status", "Status of the resource (`Status`), e.g. `online`.", func(r *cas.DeploymentJobResource) *cas.String { return r.Status }),
	stringField("cloud_access_id", "ID of the access key CAS uses to reach the resource's cloud (`CloudAccessId`). Multi-cloud deployments only.",
		func(r *cas.DeploymentJobResource) *cas.String { return r.CloudAccessID }),
	stringField("remark", "Free-form metadata about the resource as the API sends it (`Remark`), often JSON text; `jsondecode()` reads it.",
		func(r *cas.DeploymentJobResource) *cas.String { return r.Remark }),
	timeField("gmt_create", "created_at", "When the resource was added (`GmtCreate`)", func(r *cas.DeploymentJobResource) *cas.Int64 { return r.GmtCreate }),
	timeField("gmt_modified", "modified_at", "When the resource was last modified (`GmtModified`)", func(r *cas.DeploymentJobResource) *cas.Int64 { return r.GmtModified }),
	int64Field("user_id", "ID of the Alibaba Cloud account that owns the resource (`UserId`).", func(r *cas.DeploymentJobResource) *cas.Int64 { return r.UserID }),
)

func (d *deploymentJobResourcesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model deploymentJobResourcesModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}

	jobID := model.JobID.ValueInt64()
	res, err := d.client.ListDeploymentJobResource(ctx, jobID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not list the resources of deployment job %d", jobID), err))
		return
	}
	if len(res.Resources) == 0 && !confirmJob(ctx, d.client, jobID, &resp.Diagnostics) {
		return
	}
	warnOddValues(&resp.Diagnostics, "ListDeploymentJobResource", res.Resources, func(i int, r *cas.DeploymentJobResource) string {
		return itemName("resources", i, "Id", r.ID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{"resources": cloudResource.listValue(res.Resources)})...)
}
