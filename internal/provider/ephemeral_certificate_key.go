package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*certificateKeyEphemeral)(nil)

// NewCertificateKeyEphemeralResource is ephemeral "alicas_certificate_key".
func NewCertificateKeyEphemeralResource() ephemeral.EphemeralResource {
	return &certificateKeyEphemeral{}
}

type certificateKeyEphemeral struct {
	client *cas.Client
}

type certificateKeyModel struct {
	CertID      wholeNumberValue `tfsdk:"cert_id"`
	Certificate types.String     `tfsdk:"certificate"`
	PrivateKey  types.String     `tfsdk:"private_key"`
}

func (e *certificateKeyEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_key"
}

func (e *certificateKeyEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The private key of a certificate in CAS, and its PEM (API `GetUserCertificateDetail` without " +
			"`CertFilter`), for Terraform 1.10 and later. It is for handing a key CAS holds to something else during a run " +
			"without ever writing it down: a write-only argument of another resource (e.g. a load balancer or a secret " +
			"store that takes a key), or another provider's configuration. Ephemeral: read fresh in each plan and apply, " +
			"never stored in the state or plan. It is not for copying keys into files or outputs; Terraform refuses " +
			"ephemeral values where they would be stored.",
		Attributes: map[string]schema.Attribute{
			"cert_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "ID of the certificate (`CertId`), e.g. `alicas_certificate.<name>.cert_id` or an element of " +
					"`data.alicas_certificates.<name>.ids`. Must be 1 or more.",
				CustomType: positiveWholeNumber,
			},
			"certificate": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The certificate in PEM (`Cert`): the leaf first, then the chain CAS holds.",
			},
			"private_key": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The certificate's private key in PEM (`Key`). Null when CAS holds none (e.g. a certificate " +
					"bought with a CSR you generated).",
			},
		},
	}
}

func (e *certificateKeyEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	c, diags := configuredClient(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if c != nil {
		e.client = c.client
	}
}

func (e *certificateKeyEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var model certificateKeyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if e.client == nil {
		resp.Diagnostics.AddError("Provider not configured",
			"The alicas provider was not configured before this ephemeral resource was opened. This is a bug in the provider; please report it.")
		return
	}
	certID := model.CertID.ValueInt64()
	detail, err := e.client.GetUserCertificateDetail(ctx, certID, true)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not read the key of certificate %d", certID), err))
		return
	}
	model.Certificate = types.StringPointerValue((*string)(detail.Cert))
	model.PrivateKey = types.StringPointerValue((*string)(detail.Key))
	resp.Diagnostics.Append(resp.Result.Set(ctx, model)...)
}
