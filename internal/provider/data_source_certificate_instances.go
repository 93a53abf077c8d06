package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*certificateInstancesDataSource)(nil)

// NewCertificateInstancesDataSource is data "alicas_certificate_instances".
func NewCertificateInstancesDataSource() datasource.DataSource {
	return &certificateInstancesDataSource{}
}

type certificateInstancesDataSource struct {
	configuredDataSource
}

type certificateInstancesModel struct {
	Keyword           types.String `tfsdk:"keyword"`
	Status            types.String `tfsdk:"status"`
	CertificateStatus types.String `tfsdk:"certificate_status"`
	InstanceType      types.String `tfsdk:"instance_type"`
	CertificateType   types.String `tfsdk:"certificate_type"`
	Brand             types.String `tfsdk:"brand"`
	ResourceGroupID   types.String `tfsdk:"resource_group_id"`
	IDs               types.List   `tfsdk:"ids"`
	Instances         types.List   `tfsdk:"instances"`
	readTimeout
}

// The documented values of ListInstances' filters; the statuses are cas's.
var (
	instanceTypes    = []string{"BUY", "TEST"}
	certificateTypes = []string{"DV", "OV", "EV"}
	instanceBrands   = []string{"WoSign", "CFCA", "DigiCert", "GeoTrust", "GlobalSign", "vTrus", "Alibaba"}
)

// What each status means to the user, in the order of cas.InstanceStatuses.
const (
	instanceStatusText = "`inactive` (bought, with no certificate and no application outstanding), `pending` (an application " +
		"is being validated: publish its validation records), `normal` (in use), " +
		"`willExpire` (the subscription ends within 30 days), `expired` (the subscription has ended), `refund` (refunded) " +
		"or `closed` (unusable)"
	certificateStatusText = "`issued`, `willExpire` (it ends within 30 days: time to renew), `expired` or `revoked`"
)

// certificateInstance is one element of instances.
var certificateInstance = newObject(
	stringField("instance_id", "Certificate instance ID (`InstanceId`), e.g. `cas_dv-cn-1a2b3c`: the instance certificates "+
		"are applied for and renewed on. Its `certificate_id` changes with each certificate it is issued.",
		func(in *cas.Instance) *cas.String { return in.InstanceID }),
	stringField("instance_type", "`BUY` for a bought instance, `TEST` for one of the free test certificates (`InstanceType`).",
		func(in *cas.Instance) *cas.String { return in.InstanceType }),
	stringField("status", "Status of the instance (`Status`): "+instanceStatusText+".",
		func(in *cas.Instance) *cas.String { return in.Status }),
	stringField("brand", "Certification authority brand (`Brand`), e.g. `DigiCert`, `GeoTrust`, `GlobalSign`.",
		func(in *cas.Instance) *cas.String { return in.Brand }),
	stringField("spec", "Purchased specification (`Spec`), e.g. `geo.dv.f`: the product code of what was bought.",
		func(in *cas.Instance) *cas.String { return in.Spec }),
	stringField("certificate_type", "Validation level (`CertificateType`): `DV`, `OV` or `EV`. OV and EV applications need a company.",
		func(in *cas.Instance) *cas.String { return in.CertificateType }),
	stringField("key_algorithm", "Key algorithm the instance applies with (`KeyAlgorithm`): `RSA_2048`, `RSA_3072`, `RSA_4096`, "+
		"`ECC_256` or `SM2`.", func(in *cas.Instance) *cas.String { return in.KeyAlgorithm }),
	stringsField("domains", "The names the instance applies for (`Domain`, split at its commas), the first being the common "+
		"name; null until they are set.", func(in *cas.Instance) []cas.String { return cas.Names(in.Domain) }),
	int64Field("full_domain_count", "How many exact names (`www.example.com`) the instance may certify (`FullDomainCount`).",
		func(in *cas.Instance) *cas.Int64 { return in.FullDomainCount }),
	int64Field("wildcard_domain_count", "How many wildcard names (`*.example.com`) the instance may certify (`WildcardDomainCount`).",
		func(in *cas.Instance) *cas.Int64 { return in.WildcardDomainCount }),
	stringField("auto_reissue", "Whether CAS applies for a new certificate by itself before the current one ends (`AutoReissue`): "+
		"`enable` or `disable`.", func(in *cas.Instance) *cas.String { return in.AutoReissue }),
	stringField("pending_result", "What the certification authority last said about the latest application (`PendingResult`), "+
		"e.g. `pending`, `issued`, `cancelled`, or why domain validation failed: read it when an application ended "+
		"without a certificate.", func(in *cas.Instance) *cas.String { return in.PendingResult }),
	stringField("resource_group_id", "Resource group of the instance (`ResourceGroupId`).",
		func(in *cas.Instance) *cas.String { return in.ResourceGroupID }),
	int64Field("certificate_id", "ID of the instance's current certificate, the latest issued (`CertificateId`); null until one "+
		"is issued. Feed it to `alicas_deployment_job`'s `certificate_ids` to deploy it, and to `data.alicas_matched_resources`' "+
		"`certificate_ids` to find where its names are served; `data.alicas_certificate` reads the certificate itself.",
		func(in *cas.Instance) *cas.Int64 { return in.CertificateID }),
	stringField("certificate_name", "Name of the current certificate (`CertificateName`).",
		func(in *cas.Instance) *cas.String { return in.CertificateName }),
	stringField("cert_identifier", "The current certificate's ID with its site's region (`CertIdentifier`), e.g. "+
		"`11174101-cn-hangzhou`: how ALB, CDN and WAF reference CAS certificates.",
		func(in *cas.Instance) *cas.String { return in.CertIdentifier }),
	stringField("certificate_status", "Status of the current certificate (`CertificateStatus`): "+certificateStatusText+".",
		func(in *cas.Instance) *cas.String { return in.CertificateStatus }),
	stringsField("certificate_domains", "Every name the current certificate covers (`CertificateDomain`, split at its commas).",
		func(in *cas.Instance) []cas.String { return cas.Names(in.CertificateDomain) }),
	timeField("certificate_not_before_time", "certificate_not_before", "Start of validity of the current certificate (`CertificateNotBefore`)",
		func(in *cas.Instance) *cas.Int64 { return in.CertificateNotBefore }),
	timeField("certificate_not_after_time", "certificate_not_after", "End of validity of the current certificate (`CertificateNotAfter`)",
		func(in *cas.Instance) *cas.Int64 { return in.CertificateNotAfter }),
	timeField("instance_start_time", "instance_starts_at", "Start of the instance's validity, absent until a certificate is "+
		"issued (`InstanceStartTime`)", func(in *cas.Instance) *cas.Int64 { return in.InstanceStartTime }),
	timeField("instance_end_time", "instance_ends_at", "End of the instance's validity (`InstanceEndTime`)",
		func(in *cas.Instance) *cas.Int64 { return in.InstanceEndTime }),
	timeField("order_start_time", "order_starts_at", "When the subscription began (`OrderStartTime`); a refund is possible "+
		"within 7 days of it while no certificate is issued", func(in *cas.Instance) *cas.Int64 { return in.OrderStartTime }),
	timeField("order_end_time", "order_ends_at", "When the subscription ends (`OrderEndTime`): the instance is `willExpire` "+
		"within 30 days of it and `expired` after it", func(in *cas.Instance) *cas.Int64 { return in.OrderEndTime }),
	stringsField("using_products", "Cloud services that use the current certificate (`UsingProductList`), e.g. `CDN`, `SLB`.",
		func(in *cas.Instance) []cas.String { return in.UsingProductList }),
)

func (d *certificateInstancesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_instances"
}

func (d *certificateInstancesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's certificate instances (API `ListInstances`): what was bought, or taken from the " +
			"free test quota, to be issued certificates. Each has its status, specification, the names it applies for and the " +
			"certificate it holds now, which changes when the instance is renewed: its `certificate_id` is what deployment jobs " +
			"take. Every page is read; without filters, every instance of the account is listed. The filters are the API's, " +
			"and all of them apply together.",
		Attributes: map[string]schema.Attribute{
			"keyword": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only instances whose domain, name or ID contains this text (`Keyword`), e.g. `example.com`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only instances in this status (`Status`): " + instanceStatusText + ". Omit for every status.",
				Validators:          []validator.String{stringvalidator.OneOf(cas.Strings(cas.InstanceStatuses)...)},
			},
			"certificate_status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only instances whose current certificate is in this status (`CertificateStatus`): " +
					certificateStatusText + ". `willExpire` finds the instances to renew.",
				Validators: []validator.String{stringvalidator.OneOf(cas.CertificateStatuses...)},
			},
			"instance_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only bought instances (`BUY`) or test ones (`TEST`) (`InstanceType`).",
				Validators:          []validator.String{stringvalidator.OneOf(instanceTypes...)},
			},
			"certificate_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only instances of this validation level (`CertificateType`): `DV`, `OV` or `EV`.",
				Validators:          []validator.String{stringvalidator.OneOf(certificateTypes...)},
			},
			"brand": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only instances of this certification authority brand (`Brand`). Documented values: `" +
					strings.Join(instanceBrands, "`, `") + "`. Another value is sent as given, with a warning.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), documentedValue{instanceBrands}},
			},
			"resource_group_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only instances in this resource group (`ResourceGroupId`), e.g. `rg-aek2abc3def4ghi`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ids": idsAttribute("The instances' IDs (`InstanceId`), in the order of `instances`: usable with `for_each`."),
			"instances": certificateInstance.listAttribute("The matching instances, in the API's order; no match gives `[]`. " +
				"The current certificates' IDs are `[for i in instances : i.certificate_id if i.certificate_id != null]`. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *certificateInstancesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model certificateInstancesModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	res, err := d.client.ListInstances(ctx, cas.InstanceFilter{
		Keyword: model.Keyword.ValueString(), Status: cas.InstanceStatus(model.Status.ValueString()),
		CertificateStatus: model.CertificateStatus.ValueString(), InstanceType: model.InstanceType.ValueString(),
		CertificateType: model.CertificateType.ValueString(), Brand: model.Brand.ValueString(),
		ResourceGroupID: model.ResourceGroupID.ValueString(),
	})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not list certificate instances", err))
		return
	}
	tflog.Debug(ctx, "Listed certificate instances", map[string]any{"instances": len(res.Instances), "pages": res.Pages})
	warnOddValues(&resp.Diagnostics, "ListInstances", res.Instances, func(i int, in *cas.Instance) string {
		return itemName("instances", i, "InstanceId", in.InstanceID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{
		"ids":       listValue(tftypes.String, res.Instances, func(in *cas.Instance) tftypes.Value { return stringValue(in.InstanceID) }),
		"instances": certificateInstance.listValue(res.Instances),
	})...)
}
