package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*certificatesDataSource)(nil)

// NewCertificatesDataSource is data "alicas_certificates".
func NewCertificatesDataSource() datasource.DataSource {
	return &certificatesDataSource{}
}

type certificatesDataSource struct {
	configuredDataSource
}

type certificatesModel struct {
	Keyword      types.String `tfsdk:"keyword"`
	Status       types.String `tfsdk:"status"`
	OrderType    types.String `tfsdk:"order_type"`
	IDs          types.List   `tfsdk:"ids"`
	Certificates types.List   `tfsdk:"certificates"`
	readTimeout
}

// certView is what every read of a certificate shows of it, whichever
// operation it came from (ListUserCertificateOrder, GetUserCertificateDetail).
type certView struct {
	ID                               *cas.Int64
	Name, CommonName                 *cas.String
	Sans                             []cas.String
	StartDate, EndDate               *cas.Date
	Expired                          *cas.Bool
	Fingerprint, Sha2                *cas.String
	Issuer, SerialNo                 *cas.String
	InstanceID, ResourceGroupID      *cas.String
	OrgName, Country, Province, City *cas.String
	CertIdentifier                   *cas.String // derived from the provider's site
}

// certIdentifier is id's CertIdentifier on the client's site; nil without an id.
func certIdentifier(client *cas.Client, id *cas.Int64) *cas.String {
	if id == nil {
		return nil
	}
	s := cas.String(client.CertIdentifier(int64(*id)))
	return &s
}

// certificateCommon is the part of a certificate every read shows.
var certificateCommon = newObject(
	int64Field("cert_id", "Certificate ID (`CertificateId`, `Id`): what deployment jobs and `alicas_certificate` take.",
		func(c *certView) *cas.Int64 { return c.ID }),
	stringField("cert_identifier", "The certificate ID with its site's region, as ALB, CDN and WAF reference CAS certificates: "+
		"`<cert_id>-cn-hangzhou` on the China site, `<cert_id>-ap-southeast-1` on the international site (chosen by the "+
		"provider's `account_type` and `region`).", func(c *certView) *cas.String { return c.CertIdentifier }),
	stringField("name", "Certificate name (`Name`), unique in the account.", func(c *certView) *cas.String { return c.Name }),
	stringField("common_name", "Subject common name (`CommonName`, `Common`), usually the main domain.",
		func(c *certView) *cas.String { return c.CommonName }),
	stringsField("sans", "Every domain the certificate covers (`Sans`, split at its commas), in the API's order.",
		func(c *certView) []cas.String { return c.Sans }),
	stringField("start_date", "First day of validity as the API sends it (`StartDate`): `YYYY-MM-DD`, in China time (UTC+8).",
		func(c *certView) *cas.String { return dateText(c.StartDate) }),
	stringField("end_date", "Last day of validity as the API sends it (`EndDate`): `YYYY-MM-DD`, in China time (UTC+8).",
		func(c *certView) *cas.String { return dateText(c.EndDate) }),
	boolField("expired", "Whether the certificate has expired (`Expired`).", func(c *certView) *cas.Bool { return c.Expired }),
	stringField("fingerprint", "SHA-1 fingerprint of the certificate (`Fingerprint`), upper-case hex.",
		func(c *certView) *cas.String { return c.Fingerprint }),
	stringField("sha2", "SHA-256 fingerprint of the certificate (`Sha2`), upper-case hex.", func(c *certView) *cas.String { return c.Sha2 }),
	stringField("issuer", "The issuing certification authority (`Issuer`).", func(c *certView) *cas.String { return c.Issuer }),
	stringField("serial_no", "Serial number (`SerialNo`), hex.", func(c *certView) *cas.String { return c.SerialNo }),
	stringField("instance_id", "Certificate instance ID (`InstanceId`), e.g. `cas-upload-j2ofdb` for an uploaded one.",
		func(c *certView) *cas.String { return c.InstanceID }),
	stringField("resource_group_id", "Resource group of the certificate (`ResourceGroupId`).",
		func(c *certView) *cas.String { return c.ResourceGroupID }),
	stringField("org_name", "Organization of the subject (`OrgName`).", func(c *certView) *cas.String { return c.OrgName }),
	stringField("country", "Country of the subject (`Country`).", func(c *certView) *cas.String { return c.Country }),
	stringField("province", "Province of the subject (`Province`).", func(c *certView) *cas.String { return c.Province }),
	stringField("city", "City of the subject (`City`).", func(c *certView) *cas.String { return c.City }),
)

func dateText(d *cas.Date) *cas.String {
	if d == nil {
		return nil
	}
	s := cas.String(*d)
	return &s
}

// listedCertificate is a certificate as ListUserCertificateOrder lists it.
type listedCertificate struct {
	view     certView
	uploaded *cas.Bool
}

// certificateSummary is one element of certificates.
var certificateSummary = newObject(
	within(certificateCommon, func(c *listedCertificate) *certView { return &c.view }),
	dateStartField("not_before", "Start of validity, as an RFC 3339 UTC timestamp: the start of `start_date` in China time, "+
		"since the list gives only the date (`alicas_certificate` gives the exact time).",
		func(c *listedCertificate) *cas.Date { return c.view.StartDate }),
	dateStartField("not_after", "End of validity, as an RFC 3339 UTC timestamp: the start of `end_date` in China time, "+
		"since the list gives only the date; the certificate is valid until some time that day "+
		"(`alicas_certificate` gives the exact time).", func(c *listedCertificate) *cas.Date { return c.view.EndDate }),
	boolField("uploaded", "Whether the certificate was uploaded rather than bought (`Upload`).",
		func(c *listedCertificate) *cas.Bool { return c.uploaded }),
)

// dateStartField is a date's first moment in China time, in RFC 3339 UTC.
func dateStartField[T any](name, description string, get func(*T) *cas.Date) field[T] {
	return field[T]{{name, types.StringType, schema.StringAttribute{Computed: true, MarkdownDescription: description},
		func(item *T) tftypes.Value {
			d := get(item)
			if d == nil {
				return tftypes.NewValue(tftypes.String, nil)
			}
			return tftypes.NewValue(tftypes.String, d.Start().UTC().Format(time.RFC3339))
		}}}
}

// The documented values of ListUserCertificateOrder's filters, for certificates.
var (
	certificateOrderTypes = []string{"CERT", "UPLOAD"}
	certificateStatuses   = []string{"ISSUED", "WILLEXPIRED", "EXPIRED", "REVOKED"}
)

func (d *certificatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificates"
}

func (d *certificatesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's certificates in CAS, bought and uploaded (API `ListUserCertificateOrder`, with " +
			"`OrderType` `CERT` unless `order_type` says `UPLOAD`; the API's own default lists orders, not certificates). " +
			"Every page is read. Without `status`, only valid certificates are listed: issued ones and those about to expire. " +
			"No private key is ever read.",
		Attributes: map[string]schema.Attribute{
			"keyword": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only certificates whose name, a domain or instance ID contains this text (`Keyword`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only certificates in this state (`Status`): `ISSUED`, `WILLEXPIRED` (within 30 days of its end), " +
					"`EXPIRED` or `REVOKED`. Unset: `ISSUED` and `WILLEXPIRED` ones.",
				Validators: []validator.String{stringvalidator.OneOf(certificateStatuses...)},
			},
			"order_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`CERT` (the default: bought and uploaded certificates) or `UPLOAD` (uploaded ones only).",
				Validators:          []validator.String{stringvalidator.OneOf(certificateOrderTypes...)},
			},
			"ids": idsAttribute("The certificates' IDs as strings, in the order of `certificates`: what `alicas_deployment_job`'s " +
				"`certificate_ids` takes."),
			"certificates": certificateSummary.listAttribute("The matching certificates, newest first as the API lists them; " +
				"no match gives `[]`. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *certificatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model certificatesModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	res, err := d.client.ListUserCertificateOrder(ctx, cas.UserCertificateFilter{
		OrderType: model.OrderType.ValueString(), Status: model.Status.ValueString(), Keyword: model.Keyword.ValueString(),
	})
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not list certificates", err))
		return
	}
	tflog.Debug(ctx, "Listed certificates", map[string]any{"certificates": len(res.Certificates), "pages": res.Pages})
	warnOddValues(&resp.Diagnostics, "ListUserCertificateOrder", res.Certificates, func(i int, c *cas.UserCertificate) string {
		return itemName("certificates", i, "CertificateId", c.CertificateID)
	})
	listed := make([]listedCertificate, len(res.Certificates))
	for i := range res.Certificates {
		c := &res.Certificates[i]
		listed[i] = listedCertificate{uploaded: c.Upload, view: certView{
			ID: c.CertificateID, Name: c.Name, CommonName: c.CommonName, Sans: cas.Names(c.Sans),
			StartDate: c.StartDate, EndDate: c.EndDate, Expired: c.Expired, Fingerprint: c.Fingerprint, Sha2: c.Sha2,
			Issuer: c.Issuer, SerialNo: c.SerialNo, InstanceID: c.InstanceID, ResourceGroupID: c.ResourceGroupID,
			OrgName: c.OrgName, Country: c.Country, Province: c.Province, City: c.City,
			CertIdentifier: certIdentifier(d.client, c.CertificateID),
		}}
	}
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{
		"ids":          listValue(tftypes.String, listed, func(c *listedCertificate) tftypes.Value { return idValue(c.view.ID) }),
		"certificates": certificateSummary.listValue(listed),
	})...)
}
