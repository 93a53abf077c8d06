package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*certificateDataSource)(nil)

// NewCertificateDataSource is data "alicas_certificate".
func NewCertificateDataSource() datasource.DataSource {
	return &certificateDataSource{}
}

type certificateDataSource struct {
	configuredDataSource
}

// describedCertificate is one certificate as GetUserCertificateDetail gives it.
type describedCertificate struct {
	view   certView
	detail *cas.UserCertificateDetail
}

func describeCertificate(client *cas.Client, d *cas.UserCertificateDetail) *describedCertificate {
	return &describedCertificate{detail: d, view: certView{
		ID: d.ID, Name: d.Name, CommonName: d.Common, Sans: cas.Names(d.Sans),
		StartDate: d.StartDate, EndDate: d.EndDate, Expired: d.Expired, Fingerprint: d.Fingerprint, Sha2: d.Sha2,
		Issuer: d.Issuer, SerialNo: d.SerialNo, InstanceID: d.InstanceID, ResourceGroupID: d.ResourceGroupID,
		OrgName: d.OrgName, Country: d.Country, Province: d.Province, City: d.City,
		CertIdentifier: certIdentifier(client, d.ID),
	}}
}

// chainCert is one element of cert_chain.
var chainCert = newObject(
	stringField("common_name", "Common name of this certificate of the chain (`CommonName`).",
		func(c *cas.CertChain) *cas.String { return c.CommonName }),
	stringField("issuer_common_name", "Common name of its issuer (`IssuerCommonName`).",
		func(c *cas.CertChain) *cas.String { return c.IssuerCommonName }),
	timeField("not_before_time", "not_before", "Start of its validity (`NotBefore`)", func(c *cas.CertChain) *cas.Int64 { return c.NotBefore }),
	timeField("not_after_time", "not_after", "End of its validity (`NotAfter`)", func(c *cas.CertChain) *cas.Int64 { return c.NotAfter }),
	int64Field("remain_day", "Days of validity left (`RemainDay`).", func(c *cas.CertChain) *cas.Int64 { return c.RemainDay }),
)

// certificateTag is one element of tags.
var certificateTag = newObject(
	stringField("key", "Tag key (`Key`).", func(t *cas.Tag) *cas.String { return t.Key }),
	stringField("value", "Tag value (`Value`).", func(t *cas.Tag) *cas.String { return t.Value }),
)

// certificateDetail is data "alicas_certificate" but its argument.
var certificateDetail = newObject(
	within(certificateCommon, func(c *describedCertificate) *certView { return &c.view }),
	timeField("not_before_time", "not_before", "Start of validity (`NotBefore`)",
		func(c *describedCertificate) *cas.Int64 { return c.detail.NotBefore }),
	timeField("not_after_time", "not_after", "End of validity (`NotAfter`)",
		func(c *describedCertificate) *cas.Int64 { return c.detail.NotAfter }),
	stringField("algorithm", "Public-key algorithm (`Algorithm`): `RSA`, `ECC` or `SM2`.",
		func(c *describedCertificate) *cas.String { return c.detail.Algorithm }),
	stringField("cert_sha2", "SHA-256 digest of the certificate as the API computes it (`CertSha2`).",
		func(c *describedCertificate) *cas.String { return c.detail.CertSha2 }),
	int64Field("order_id", "ID of the order the certificate was bought with (`OrderId`); null for an uploaded one.",
		func(c *describedCertificate) *cas.Int64 { return c.detail.OrderID }),
	boolField("buy_in_aliyun", "Whether the certificate was bought from Alibaba Cloud (`BuyInAliyun`).",
		func(c *describedCertificate) *cas.Bool { return c.detail.BuyInAliyun }),
	stringField("certificate", "The certificate in PEM (`Cert`): the leaf first, then the chain CAS holds for it. Public; "+
		"the private key is never kept (see the ephemeral `alicas_certificate_key` for that).",
		func(c *describedCertificate) *cas.String { return c.detail.Cert }),
	listField("cert_chain", "The certificates of the chain as CAS describes them (`CertChain`), leaf first.", chainCert,
		func(c *describedCertificate) []cas.CertChain { return c.detail.CertChain }),
	listField("tags", "The certificate's tags (`Tags`).", certificateTag, func(c *describedCertificate) []cas.Tag { return c.detail.Tags }),
)

func (d *certificateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate"
}

func (d *certificateDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := certificateDetail.attributes()
	attrs["cert_id"] = schema.Int64Attribute{
		Required: true,
		MarkdownDescription: "ID of the certificate (`CertId`), e.g. an element of `data.alicas_certificates.<name>.ids` " +
			"or `alicas_certificate.<name>.cert_id`. Must be 1 or more.",
		CustomType: positiveWholeNumber,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one certificate in CAS, bought or uploaded (API `GetUserCertificateDetail`): every field " +
			"the API gives, its public PEM and its chain. The API sends the PEM only together with the private key " +
			"(`CertFilter` false); the key is dropped on arrival, never in state or logs. A certificate the account does not have fails the read. " + nullNote,
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *certificateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id wholeNumberValue
	var limit readTimeout
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("cert_id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &limit.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := beginRead(ctx, limit, d.client, &resp.Diagnostics)
	defer cancel()
	if !ok {
		return
	}
	certID := id.ValueInt64()
	detail, err := d.client.GetUserCertificateDetail(ctx, certID, true) // the PEM comes only with the key
	if detail != nil {
		detail.Key = nil // never kept
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not read certificate %d", certID), err))
		return
	}
	warnOddValues(&resp.Diagnostics, "GetUserCertificateDetail", []cas.UserCertificateDetail{*detail}, func(int, *cas.UserCertificateDetail) string {
		return fmt.Sprintf("certificate %d", certID)
	})
	values := certificateDetail.values(describeCertificate(d.client, detail))
	delete(values, "cert_id") // the argument, as configured
	resp.Diagnostics.Append(setState(&resp.State, values)...)
}
