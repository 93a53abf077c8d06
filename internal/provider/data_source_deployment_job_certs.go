package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobCertsDataSource)(nil)

// NewDeploymentJobCertsDataSource is data "alicas_deployment_job_certs".
func NewDeploymentJobCertsDataSource() datasource.DataSource {
	return &deploymentJobCertsDataSource{}
}

type deploymentJobCertsDataSource struct {
	providerData any
}

type deploymentJobCertsModel struct {
	JobID        types.Int64 `tfsdk:"job_id"`
	Certificates types.List  `tfsdk:"certificates"`
	readTimeout
}

// certificateAttrTypes is the shape of one element of certificates.
var certificateAttrTypes = map[string]attr.Type{
	"cert_id":          types.Int64Type,
	"order_id":         types.Int64Type,
	"cert_instance_id": types.StringType,
	"cert_name":        types.StringType,
	"common_name":      types.StringType,
	"sans":             types.ListType{ElemType: types.StringType},
	"algorithm":        types.StringType,
	"not_before_time":  types.Int64Type,
	"not_after_time":   types.Int64Type,
	"not_before":       types.StringType,
	"not_after":        types.StringType,
	"month":            types.Int64Type,
	"status_code":      types.StringType,
	"cert_type":        types.StringType,
	"cert_order_type":  types.StringType,
	"is_trustee":       types.BoolType,
}

var certificateObjectType = types.ObjectType{AttrTypes: certificateAttrTypes}

func (d *deploymentJobCertsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job_certs"
}

func (d *deploymentJobCertsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every certificate of one CAS deployment job (API `ListDeploymentJobCert`), " +
			"in the order the API returns them. A job with no certificates gives an empty list.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "ID of the deployment job (the API's `JobId`), as shown in the CAS console or returned by " +
					"`CreateDeploymentJob` / `ListDeploymentJob`. Must be 1 or more.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"certificates": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The job's certificates, in the API's order. An attribute the API left out is null, never 0 or \"\".",
				NestedObject: schema.NestedAttributeObject{
					Attributes: certificateSchemaAttributes(),
				},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func certificateSchemaAttributes() map[string]schema.Attribute {
	const timeRaw = "exactly as the API sends it: a Unix timestamp, in milliseconds in practice " +
		"(the API documentation says seconds, its answers carry milliseconds). For a readable time use `%s`."
	const timeRFC = "as an RFC 3339 UTC timestamp (e.g. `2027-03-01T08:00:00Z`, with milliseconds when non-zero), " +
		"converted from `%s` whether the API sent milliseconds or seconds. Compare it with `timecmp()` and `timeadd()`."
	return map[string]schema.Attribute{
		"cert_id": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "Certificate ID (`CertId`). Null for an order that has no certificate yet; `order_id` is set then."},
		"order_id": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "Certificate order ID (`OrderId`). The API returns it only when `cert_id` is absent, so it is null whenever `cert_id` is set."},
		"cert_instance_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Certificate instance ID (`CertInstanceId`), e.g. `cas-ivauto-2crxzi`."},
		"cert_name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Certificate name as shown in the CAS console (`CertName`)."},
		"common_name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Subject common name (`CommonName`), usually the main domain."},
		"sans": schema.ListAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Subject alternative names (`Sans`): the domains the certificate covers, in the API's order."},
		"algorithm": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Public-key algorithm (`Algorithm`): `RSA`, `ECC` or `SM2`."},
		"not_before_time": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "Start of validity (`NotBeforeTime`), " + fmt.Sprintf(timeRaw, "not_before")},
		"not_after_time": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "End of validity (`NotAfterTime`), " + fmt.Sprintf(timeRaw, "not_after")},
		"not_before": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Start of validity " + fmt.Sprintf(timeRFC, "not_before_time")},
		"not_after": schema.StringAttribute{Computed: true,
			MarkdownDescription: "End of validity " + fmt.Sprintf(timeRFC, "not_after_time")},
		"month": schema.Int64Attribute{Computed: true,
			MarkdownDescription: "The API's `Month`: the month in which the certificate was applied for."},
		"status_code": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Certificate status (`StatusCode`): `payed` (paid, not yet applied for), `checking` (being validated), " +
				"`checkedFail` (validation failed), `revoked`, `revokeChecking` (revocation being validated), `issued`, " +
				"`trustee` (hosted and issued), `upload` (uploaded), `willExpired` (about to expire), `expired`, " +
				"`validity` (neither expired nor revoked), `refund` (refunded) or `closed`."},
		"cert_type": schema.StringAttribute{Computed: true,
			MarkdownDescription: "Validation type (`CertType`): `DV`, `OV` or `EV`."},
		"cert_order_type": schema.StringAttribute{Computed: true,
			MarkdownDescription: "How the certificate was obtained (`CertOrderType`): `upload`, `buy` or `free` (China site only)."},
		"is_trustee": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether CAS hosts the certificate (`IsTrustee`)."},
	}
}

func (d *deploymentJobCertsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	d.providerData = req.ProviderData
}

func (d *deploymentJobCertsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model deploymentJobCertsModel
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
	res, err := client.ListDeploymentJobCert(ctx, jobID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not list the certificates of deployment job %d", jobID), err))
		return
	}
	// State starts as the configuration (job_id and timeouts as given); the
	// list is added as a Terraform value built directly (values.go says why).
	resp.Diagnostics.Append(setTerraformAttribute(&resp.State, "certificates", certificatesValue(res.Certs))...)
}

var certificateTerraformType = terraformObjectType(certificateObjectType)

// certificatesValue converts API certificates into the certificates list,
// keeping absent fields null.
func certificatesValue(certs []cas.DeploymentJobCert) tftypes.Value {
	elems := make([]tftypes.Value, len(certs))
	for i := range certs {
		c := &certs[i]
		elems[i] = tftypes.NewValue(certificateTerraformType, map[string]tftypes.Value{
			"cert_id":          terraformInt64(c.CertID),
			"order_id":         terraformInt64(c.OrderID),
			"cert_instance_id": terraformString(c.CertInstanceID),
			"cert_name":        terraformString(c.CertName),
			"common_name":      terraformString(c.CommonName),
			"sans":             terraformStrings(c.Sans),
			"algorithm":        terraformString(c.Algorithm),
			"not_before_time":  terraformInt64(c.NotBeforeTime),
			"not_after_time":   terraformInt64(c.NotAfterTime),
			"not_before":       terraformRFC3339(c.NotBeforeTime),
			"not_after":        terraformRFC3339(c.NotAfterTime),
			"month":            terraformInt64(c.Month),
			"status_code":      terraformString(c.StatusCode),
			"cert_type":        terraformString(c.CertType),
			"cert_order_type":  terraformString(c.CertOrderType),
			"is_trustee":       terraformBool(c.IsTrustee),
		})
	}
	return tftypes.NewValue(tftypes.List{ElementType: certificateTerraformType}, elems)
}
