package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ datasource.DataSourceWithConfigure = (*matchedResourcesDataSource)(nil)

// NewMatchedResourcesDataSource is data "alicas_matched_resources".
func NewMatchedResourcesDataSource() datasource.DataSource {
	return &matchedResourcesDataSource{}
}

type matchedResourcesDataSource struct {
	configuredDataSource
}

type matchedResourcesModel struct {
	CertificateIDs types.Set  `tfsdk:"certificate_ids"`
	IDs            types.List `tfsdk:"ids"`
	Resources      types.List `tfsdk:"resources"`
	readTimeout
}

func (d *matchedResourcesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_matched_resources"
}

func (d *matchedResourcesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds where certificates fit (API `GetMatchedResources`): the account's cloud resources, of " +
			"Alibaba Cloud and of other clouds, whose domain a name of one of the certificates covers (`*.example.io` " +
			"covers `www.example.io`, not `a.b.example.io`), whatever certificate they carry now. Their `ids` are what a " +
			"deployment job's `resource_ids` take, so deploying a renewed certificate everywhere its names are served is " +
			"`resource_ids = data.alicas_matched_resources.<name>.ids`. Resources without a domain never match; use " +
			"`alicas_cloud_resources` for those, and for the resources that carry a given certificate now. A resource of " +
			"another cloud needs that cloud's access key (`alicas_cloud_access`) before a job can deploy to it. CAS answers " +
			"at most 2000 resources, in one answer.",
		Attributes: map[string]schema.Attribute{
			"certificate_ids": schema.SetAttribute{
				Required:    true,
				ElementType: positiveWholeNumber,
				MarkdownDescription: "IDs of the certificates whose names to match (`CertIds`), e.g. " +
					"`[alicas_certificate.web.cert_id]` or an instance's `certificate_id` from `alicas_certificate_instances`. " +
					"At least one ID, each 1 or more; an ID the account does not hold is an error.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), eachWholeNumber{}},
			},
			"ids": idsAttribute("The resources' IDs as strings, in the order of `resources`: what `alicas_deployment_job`'s " +
				"`resource_ids` takes, and usable with `for_each`."),
			"resources": cloudResource.listAttribute("The matching resources, in the API's order: the same object as " +
				"`alicas_cloud_resources`' `resources`; `cert_id` is the certificate each carries now, not necessarily one " +
				"of `certificate_ids`. No match gives `[]`. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *matchedResourcesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model matchedResourcesModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	certIDs, diags := int64s(ctx, model.CertificateIDs) // sorted: the request does not change with the set's order
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resources, err := d.client.GetMatchedResources(ctx, certIDs)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not find the resources matching certificates %v", certIDs), err))
		return
	}
	tflog.Debug(ctx, "Matched cloud resources", map[string]any{"certificates": certIDs, "resources": len(resources)})
	setCloudResources(resp, "GetMatchedResources", resources)
}
