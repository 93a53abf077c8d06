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

var _ datasource.DataSourceWithConfigure = (*deploymentJobCertsDataSource)(nil)

// NewDeploymentJobCertsDataSource is data "alicas_deployment_job_certs".
func NewDeploymentJobCertsDataSource() datasource.DataSource {
	return &deploymentJobCertsDataSource{}
}

type deploymentJobCertsDataSource struct {
	configuredDataSource
}

type deploymentJobCertsModel struct {
	JobID        wholeNumberValue `tfsdk:"job_id"`
	Certificates types.List       `tfsdk:"certificates"`
	readTimeout
}

func (d *deploymentJobCertsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job_certs"
}

func (d *deploymentJobCertsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every certificate of one CAS deployment job (API `ListDeploymentJobCert`), " +
			"in the order the API returns them. A job with no certificates gives an empty list; a job that does not exist, " +
			"an error (found with one `DescribeDeploymentJob`, made only when the list is empty).",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "ID of the deployment job (the API's `JobId`), as shown in the CAS console or returned by " +
					"`CreateDeploymentJob` / `ListDeploymentJob`. Must be 1 or more.",
				CustomType: positiveWholeNumber,
			},
			"certificates": jobCertificate.listAttribute("The job's certificates, in the API's order. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

// certificate is one element of certificates.
var jobCertificate = newObject(
	int64Field("cert_id", "Certificate ID (`CertId`). Null for an order that has no certificate yet; `order_id` is set then.",
		func(c *cas.DeploymentJobCert) *cas.Int64 { return c.CertID }),
	int64Field("order_id", "Certificate order ID (`OrderId`). The API returns it only when `cert_id` is absent, so it is null whenever `cert_id` is set.",
		func(c *cas.DeploymentJobCert) *cas.Int64 { return c.OrderID }),
	stringField("cert_instance_id", "Certificate instance ID (`CertInstanceId`), e.g. `cas-ivauto-2crxzi`.",
		func(c *cas.DeploymentJobCert) *cas.String { return c.CertInstanceID }),
	stringField("cert_name", "Certificate name as shown in the CAS console (`CertName`).",
		func(c *cas.DeploymentJobCert) *cas.String { return c.CertName }),
	stringField("common_name", "Subject common name (`CommonName`), usually the main domain.",
		func(c *cas.DeploymentJobCert) *cas.String { return c.CommonName }),
	stringsField("sans", "Subject alternative names (`Sans`): the domains the certificate covers, in the API's order.",
		func(c *cas.DeploymentJobCert) []cas.String { return c.Sans }),
	stringField("algorithm", "Public-key algorithm (`Algorithm`): `RSA`, `ECC` or `SM2`.",
		func(c *cas.DeploymentJobCert) *cas.String { return c.Algorithm }),
	timeField("not_before_time", "not_before", "Start of validity (`NotBeforeTime`)",
		func(c *cas.DeploymentJobCert) *cas.Int64 { return c.NotBeforeTime }),
	timeField("not_after_time", "not_after", "End of validity (`NotAfterTime`)",
		func(c *cas.DeploymentJobCert) *cas.Int64 { return c.NotAfterTime }),
	int64Field("month", "The API's `Month`: the month in which the certificate was applied for.",
		func(c *cas.DeploymentJobCert) *cas.Int64 { return c.Month }),
	stringField("status_code", "Certificate status (`StatusCode`): `payed` (paid, not yet applied for), `checking` (being validated), "+
		"`checkedFail` (validation failed), `revoked`, `revokeChecking` (revocation being validated), `issued`, "+
		"`trustee` (hosted and issued), `upload` (uploaded), `willExpired` (about to expire), `expired`, "+
		"`validity` (neither expired nor revoked), `refund` (refunded) or `closed`.",
		func(c *cas.DeploymentJobCert) *cas.String { return c.StatusCode }),
	stringField("cert_type", "Validation type (`CertType`): `DV`, `OV` or `EV`.",
		func(c *cas.DeploymentJobCert) *cas.String { return c.CertType }),
	stringField("cert_order_type", "How the certificate was obtained (`CertOrderType`): `upload`, `buy` or `free` (China site only).",
		func(c *cas.DeploymentJobCert) *cas.String { return c.CertOrderType }),
	boolField("is_trustee", "Whether CAS hosts the certificate (`IsTrustee`).",
		func(c *cas.DeploymentJobCert) *cas.Bool { return c.IsTrustee }),
)

func (d *deploymentJobCertsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model deploymentJobCertsModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}

	jobID := model.JobID.ValueInt64()
	res, err := d.client.ListDeploymentJobCert(ctx, jobID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not list the certificates of deployment job %d", jobID), err))
		return
	}
	if len(res.Certs) == 0 && !confirmJob(ctx, d.client, jobID, &resp.Diagnostics) {
		return
	}
	warnOddValues(&resp.Diagnostics, "ListDeploymentJobCert", res.Certs, func(i int, c *cas.DeploymentJobCert) string {
		return itemName("certificates", i, "CertId", c.CertID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{"certificates": jobCertificate.listValue(res.Certs)})...)
}
