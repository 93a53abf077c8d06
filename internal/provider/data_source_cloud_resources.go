package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*cloudResourcesDataSource)(nil)

// NewCloudResourcesDataSource is data "alicas_cloud_resources".
func NewCloudResourcesDataSource() datasource.DataSource {
	return &cloudResourcesDataSource{}
}

type cloudResourcesDataSource struct {
	configuredDataSource
}

type cloudResourcesModel struct {
	CloudName      types.String `tfsdk:"cloud_name"`
	CloudProduct   types.String `tfsdk:"cloud_product"`
	Keyword        types.String `tfsdk:"keyword"`
	CertificateIDs types.Set    `tfsdk:"certificate_ids"`
	IDs            types.List   `tfsdk:"ids"`
	Resources      types.List   `tfsdk:"resources"`
	readTimeout
}

// The documented values of ListCloudResources' filters.
var (
	cloudNames    = []string{"aliyun", "Tencent", "Huawei", "Aws"}
	cloudProducts = []string{"SLB", "LIVE", "webHosting", "VOD", "CR", "DCDN", "DDOS", "CDN", "ALB", "APIGateway", "FC", "GA",
		"MSE", "NLB", "OSS", "SAE", "WAF", "TencentCDN", "TencentCLB", "TencentWAF", "HuaweiCDN",
		"AwsCloudFront", "AwsCLB", "AwsALB", "AwsNLB"}
)

func (d *cloudResourcesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_resources"
}

func (d *cloudResourcesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the cloud resources CAS can deploy certificates to (API `ListCloudResources`): CDN domains, " +
			"load-balancer listeners, WAF sites and the like, each with the certificate it carries now. Their `id`s " +
			"(`ids`) are what a deployment job's `resource_ids` take: CAS's own resource IDs, not instance IDs or domains, " +
			"and only this listing reveals them. CAS syncs resources from each cloud service, so one created minutes ago " +
			"may not be listed yet. Every page is read; without filters, every resource of the account is listed.",
		Attributes: map[string]schema.Attribute{
			"cloud_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only resources of this cloud (`CloudName`): `aliyun` (Alibaba Cloud), `Tencent`, `Huawei` or `Aws`.",
				Validators:          []validator.String{stringvalidator.OneOf(cloudNames...)},
			},
			"cloud_product": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only resources of this cloud service (`CloudProduct`). Documented values: `" +
					strings.Join(cloudProducts, "`, `") + "` (some on the China site only). Another value is sent as given, with a warning.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), documentedValue{cloudProducts}},
			},
			"keyword": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only resources whose domain or instance ID contains this text (`Keyword`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"certificate_ids": schema.SetAttribute{
				Optional:    true,
				ElementType: positiveWholeNumber,
				MarkdownDescription: "Only resources that carry one of these certificates now (`CertIds`), e.g. " +
					"`[alicas_certificate.old.cert_id]` to find where an expiring certificate is deployed. At least one ID, each 1 or more.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), eachWholeNumber{}},
			},
			"ids": idsAttribute("The resources' IDs as strings, in the order of `resources`: what `alicas_deployment_job`'s " +
				"`resource_ids` takes, and usable with `for_each`."),
			"resources": cloudResource.listAttribute("The matching resources, in the API's order: the same object as " +
				"`alicas_deployment_job_resources`'s `resources`. No match gives `[]`. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *cloudResourcesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model cloudResourcesModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	filter := cas.CloudResourceFilter{
		CloudName: model.CloudName.ValueString(), CloudProduct: model.CloudProduct.ValueString(), Keyword: model.Keyword.ValueString(),
	}
	if !model.CertificateIDs.IsNull() {
		ids, diags := int64s(ctx, model.CertificateIDs) // sorted: the request does not change with the set's order
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		filter.CertIDs = ids
	}
	res, err := d.client.ListCloudResources(ctx, filter)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not list cloud resources", err))
		return
	}
	tflog.Debug(ctx, "Listed cloud resources", map[string]any{"resources": len(res.Resources), "pages": res.Pages})
	setCloudResources(resp, "ListCloudResources", res.Resources)
}

// setCloudResources writes what a listing of cloud resources shows (this
// data source's, alicas_matched_resources'): their ids and the objects,
// with one warning for the values action sent that could not be read.
func setCloudResources(resp *datasource.ReadResponse, action string, resources []cas.CloudResource) {
	warnOddValues(&resp.Diagnostics, action, resources, func(i int, r *cas.CloudResource) string {
		return itemName("resources", i, "Id", r.ID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{
		"ids":       listValue(tftypes.String, resources, func(r *cas.CloudResource) tftypes.Value { return idValue(r.ID) }),
		"resources": cloudResource.listValue(resources),
	})...)
}

// documentedValue warns at plan time about a value the API documentation
// does not list, and sends it anyway: the service adds values before its
// documentation does.
type documentedValue struct{ values []string }

func (v documentedValue) Description(context.Context) string {
	return "value should be one of " + strings.Join(v.values, ", ")
}

func (v documentedValue) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v documentedValue) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || slices.Contains(v.values, req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Undocumented value",
		fmt.Sprintf("%s is %q, which is not one of the documented values (%s; they are case-sensitive). It is sent as given: "+
			"if CAS does not know it, the list is empty.", req.Path, req.ConfigValue.ValueString(), strings.Join(v.values, ", ")))
}
