package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobResourcesDataSource)(nil)

// NewDeploymentJobResourcesDataSource is data "alicas_deployment_job_resources".
func NewDeploymentJobResourcesDataSource() datasource.DataSource {
	return &deploymentJobResourcesDataSource{}
}

type deploymentJobResourcesDataSource struct {
	providerData any
}

type deploymentJobResourcesModel struct {
	JobID     types.Int64 `tfsdk:"job_id"`
	Resources types.List  `tfsdk:"resources"`
	readTimeout
}

// resourceAttrTypes is the shape of one element of resources.
var resourceAttrTypes = map[string]attr.Type{
	"id":               types.Int64Type,
	"cloud_name":       types.StringType,
	"cloud_product":    types.StringType,
	"cloud_region":     types.StringType,
	"region_id":        types.StringType,
	"domain":           types.StringType,
	"instance_id":      types.StringType,
	"listener_id":      types.StringType,
	"listener_port":    types.StringType,
	"cert_id":          types.Int64Type,
	"cert_name":        types.StringType,
	"cert_start_time":  types.Int64Type,
	"cert_not_before":  types.StringType,
	"cert_end_time":    types.Int64Type,
	"cert_not_after":   types.StringType,
	"enable_https":     types.BoolType,
	"use_ssl":          types.BoolType,
	"default_resource": types.BoolType,
	"status":           types.StringType,
	"cloud_access_id":  types.StringType,
	"remark":           types.StringType,
	"gmt_create":       types.Int64Type,
	"created_at":       types.StringType,
	"gmt_modified":     types.Int64Type,
	"modified_at":      types.StringType,
	"user_id":          types.Int64Type,
}

var resourceObjectType = types.ObjectType{AttrTypes: resourceAttrTypes}

func (d *deploymentJobResourcesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job_resources"
}

func (d *deploymentJobResourcesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		MarkdownDescription: "Lists the cloud resources one CAS deployment job deploys certificates to (API `ListDeploymentJobResource`): " +
			"CDN domains, load-balancer listeners and the like, each with the certificate now bound to it. " +
			"A job with no resources gives an empty list.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "ID of the deployment job (the API's `JobId`), e.g. an element of `data.alicas_deployment_jobs.<name>.ids` " +
					"or the ID shown in the CAS console. Must be 1 or more.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"resources": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The job's cloud resources, in the API's order. An attribute the API left out is null, " +
					"never 0, false or \"\".",
				NestedObject: schema.NestedAttributeObject{Attributes: resourceSchemaAttributes()},
			},
		},
	}
}

func resourceSchemaAttributes() map[string]schema.Attribute {
	const lbOnly = " Sent only for load-balancer style products (`SLB`, `ALB`, `NLB`, `GA`)."
	const flag = " (the API's 1 is `true`, 0 is `false`)"
	attrs := map[string]schema.Attribute{
		"id": schema.Int64Attribute{Computed: true, MarkdownDescription: "Resource ID (`Id`)."},
		"cloud_name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Cloud the resource lives in (`CloudName`): `aliyun` (Alibaba Cloud), `Tencent`, ..."},
		"cloud_product": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Cloud service of the resource (`CloudProduct`), e.g. `CDN`, `DCDN`, `SLB`, `ALB`, `NLB`, `GA`, " +
				"`WAF`, `OSS`, `LIVE`, `VOD`, `APIGateway`, `FC`, `MSE`, `SAE`, `TencentCDN`."},
		"cloud_region": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Region of the resource in its cloud's own naming (`CloudRegion`), e.g. `cn-hangzhou` or `ap-guangzhou`."},
		"region_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Alibaba Cloud region ID of the resource (`RegionId`), e.g. `cn-hangzhou`."},
		"domain": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Domain name bound to the resource (`Domain`)."},
		"instance_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Instance ID of the resource (`InstanceId`), e.g. a load balancer's." + lbOnly},
		"listener_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Listener ID (`ListenerId`), e.g. `lsn-vwdff0q20poq5xazb9@443`." + lbOnly},
		"listener_port": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Listener port as the API sends it, a string (`ListenerPort`); `tonumber()` converts it." + lbOnly},
		"cert_id": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "ID of the certificate now bound to the resource (`CertId`): the `cert_id` of `alicas_deployment_job_certs`."},
		"cert_name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Name of the certificate now bound to the resource (`CertName`)."},
		"enable_https": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether HTTPS is enabled on the resource (`EnableHttps`)" + flag + "."},
		"use_ssl": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether an Alibaba Cloud SSL certificate is used (`UseSsl`)" + flag + ". Multi-cloud deployments only."},
		"default_resource": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the resource is the default one, e.g. a listener's default certificate (`DefaultResource`)" +
				flag + "." + lbOnly},
		"status": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Status of the resource (`Status`), e.g. `online`."},
		"cloud_access_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "ID of the access key CAS uses to reach the resource's cloud (`CloudAccessId`). Multi-cloud deployments only."},
		"remark": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Free-form metadata about the resource as the API sends it (`Remark`), often JSON text; `jsondecode()` reads it."},
		"user_id": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "ID of the Alibaba Cloud account that owns the resource (`UserId`)."},
	}
	maps.Copy(attrs, timeAttributes("cert_start_time", "cert_not_before", "Start of validity of the bound certificate (`CertStartTime`)"))
	maps.Copy(attrs, timeAttributes("cert_end_time", "cert_not_after", "End of validity of the bound certificate (`CertEndTime`)"))
	maps.Copy(attrs, timeAttributes("gmt_create", "created_at", "When the resource was added (`GmtCreate`)"))
	maps.Copy(attrs, timeAttributes("gmt_modified", "modified_at", "When the resource was last modified (`GmtModified`)"))
	return attrs
}

func (d *deploymentJobResourcesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	d.providerData = req.ProviderData
}

func (d *deploymentJobResourcesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model deploymentJobResourcesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := beginRead(ctx, model.readTimeout, d.providerData, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}

	jobID := model.JobID.ValueInt64()
	res, err := client.ListDeploymentJobResource(ctx, jobID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not list the resources of deployment job %d", jobID), err))
		return
	}
	var diags diag.Diagnostics
	model.Resources, diags = resourcesValue(res.Resources)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// resourcesValue converts API resources into the resources list, building
// objects directly and keeping absent fields null.
func resourcesValue(resources []cas.DeploymentJobResource) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(resources))
	for i := range resources {
		r := &resources[i]
		obj, d := types.ObjectValue(resourceAttrTypes, map[string]attr.Value{
			"id":               int64Value(r.ID),
			"cloud_name":       stringValue(r.CloudName),
			"cloud_product":    stringValue(r.CloudProduct),
			"cloud_region":     stringValue(r.CloudRegion),
			"region_id":        stringValue(r.RegionID),
			"domain":           stringValue(r.Domain),
			"instance_id":      stringValue(r.InstanceID),
			"listener_id":      stringValue(r.ListenerID),
			"listener_port":    stringValue(r.ListenerPort),
			"cert_id":          int64Value(r.CertID),
			"cert_name":        stringValue(r.CertName),
			"cert_start_time":  int64Value(r.CertStartTime),
			"cert_not_before":  rfc3339Value(r.CertStartTime),
			"cert_end_time":    int64Value(r.CertEndTime),
			"cert_not_after":   rfc3339Value(r.CertEndTime),
			"enable_https":     boolValue(r.EnableHTTPS),
			"use_ssl":          boolValue(r.UseSSL),
			"default_resource": boolValue(r.DefaultResource),
			"status":           stringValue(r.Status),
			"cloud_access_id":  stringValue(r.CloudAccessID),
			"remark":           stringValue(r.Remark),
			"gmt_create":       int64Value(r.GmtCreate),
			"created_at":       rfc3339Value(r.GmtCreate),
			"gmt_modified":     int64Value(r.GmtModified),
			"modified_at":      rfc3339Value(r.GmtModified),
			"user_id":          int64Value(r.UserID),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	if diags.HasError() {
		return types.ListNull(resourceObjectType), diags
	}
	list, d := types.ListValue(resourceObjectType, elems)
	diags.Append(d...)
	return list, diags
}
