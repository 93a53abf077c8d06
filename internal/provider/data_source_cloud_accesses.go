package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*cloudAccessesDataSource)(nil)

// NewCloudAccessesDataSource is data "alicas_cloud_accesses".
func NewCloudAccessesDataSource() datasource.DataSource {
	return &cloudAccessesDataSource{}
}

type cloudAccessesDataSource struct {
	configuredDataSource
}

type cloudAccessesModel struct {
	CloudName types.String `tfsdk:"cloud_name"`
	SecretID  types.String `tfsdk:"secret_id"`
	IDs       types.List   `tfsdk:"ids"`
	Keys      types.List   `tfsdk:"keys"`
	readTimeout
}

// storedKey is one element of keys.
var storedKey = newObject(
	int64Field("access_id", "The key's ID in CAS (`AccessId`).", func(k *cas.CloudAccess) *cas.Int64 { return k.AccessID }),
	stringField("cloud_name", "The other cloud (`CloudName`): `Tencent`, `Huawei` or `Aws`.",
		func(k *cas.CloudAccess) *cas.String { return k.CloudName }),
	stringField("secret_id", "The other cloud's AccessKey ID (`SecretId`), masked as CAS shows it, e.g. `AKIDexa******`.",
		func(k *cas.CloudAccess) *cas.String { return k.SecretID }),
	stringField("service_status", "What CAS says of the key (`ServiceStatus`): `normal` when it works.",
		func(k *cas.CloudAccess) *cas.String { return k.ServiceStatus }),
)

func (d *cloudAccessesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_accesses"
}

func (d *cloudAccessesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the other clouds' AccessKeys stored in CAS (API `ListCloudAccess`), which multi-cloud " +
			"deployment jobs deploy with. CAS never returns a secret, and shows each key ID masked. Every page is read.",
		Attributes: map[string]schema.Attribute{
			"cloud_name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only keys of this cloud (`CloudName`): " +
				"`Tencent`, `Huawei` or `Aws`.", Validators: []validator.String{stringvalidator.OneOf(otherClouds...)}},
			"secret_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the key with this whole AccessKey ID " +
				"(`SecretId`), as it was added (not the masked form).", Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"ids":  idsAttribute("The keys' `AccessId`s as strings, in the order of `keys`."),
			"keys": storedKey.listAttribute("The stored keys, in the API's order; none gives `[]`. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *cloudAccessesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model cloudAccessesModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	res, err := d.client.ListCloudAccess(ctx, cas.CloudAccessFilter{CloudName: model.CloudName.ValueString(), SecretID: model.SecretID.ValueString()})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not list the stored AccessKeys of other clouds", err))
		return
	}
	tflog.Debug(ctx, "Listed other clouds' AccessKeys", map[string]any{"keys": len(res.Keys), "pages": res.Pages})
	warnOddValues(&resp.Diagnostics, "ListCloudAccess", res.Keys, func(i int, k *cas.CloudAccess) string {
		return itemName("keys", i, "AccessId", k.AccessID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{
		"ids":  listValue(tftypes.String, res.Keys, func(k *cas.CloudAccess) tftypes.Value { return idValue(k.AccessID) }),
		"keys": storedKey.listValue(res.Keys),
	})...)
}
