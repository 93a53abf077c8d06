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

var _ datasource.DataSourceWithConfigure = (*contactsDataSource)(nil)

// NewContactsDataSource is data "alicas_contacts".
func NewContactsDataSource() datasource.DataSource {
	return &contactsDataSource{}
}

type contactsDataSource struct {
	configuredDataSource
}

type contactsModel struct {
	Keyword  types.String `tfsdk:"keyword"`
	IDs      types.List   `tfsdk:"ids"`
	Contacts types.List   `tfsdk:"contacts"`
	readTimeout
}

// contact is one element of contacts.
var contact = newObject(
	int64Field("contact_id", "Contact ID (`ContactId`): what a deployment job's `contact_ids` take.",
		func(c *cas.AccountContact) *cas.Int64 { return c.ContactID }),
	stringField("name", "Contact name (`Name`).", func(c *cas.AccountContact) *cas.String { return c.Name }),
	stringField("email", "Email address (`Email`), masked as the API masks it.", func(c *cas.AccountContact) *cas.String { return c.Email }),
	stringField("mobile", "Mobile phone number (`Mobile`), masked as the API masks it, e.g. `139****8888`.",
		func(c *cas.AccountContact) *cas.String { return c.Mobile }),
	flagField("email_verified", "Whether the email address is verified (`EmailStatus`)",
		func(c *cas.AccountContact) *cas.Bool { return c.EmailStatus }),
	flagField("mobile_verified", "Whether the mobile number is verified (`MobileStatus`)",
		func(c *cas.AccountContact) *cas.Bool { return c.MobileStatus }),
	stringsField("webhooks", "Webhook URLs CAS notifies (`WebhookList`, else the JSON text of `Webhooks` decoded), e.g. DingTalk "+
		"or Feishu robots; `[]` for none.", func(c *cas.AccountContact) []cas.String { return c.WebhookURLs() }),
)

func (d *contactsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contacts"
}

func (d *contactsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's CAS contacts (API `ListContact`): the people and webhooks CAS notifies about " +
			"deployments and expiring certificates. A deployment job needs at least one: its `contact_ids` take `ids`. " +
			"Every page is read. Email addresses and mobile numbers come back masked, as the API sends them.",
		Attributes: map[string]schema.Attribute{
			"keyword": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only contacts whose name, email or mobile number contains this text (`Keyword`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"ids": idsAttribute("The contacts' IDs as strings, in the order of `contacts`: what `alicas_deployment_job`'s " +
				"`contact_ids` takes."),
			"contacts": contact.listAttribute("The matching contacts, in the API's order; no match gives `[]`. " + nullNote),
		},
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
	}
}

func (d *contactsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model contactsModel
	ctx, cancel, ok := d.startRead(ctx, req, resp, &model)
	defer cancel()
	if !ok {
		return
	}
	res, err := d.client.ListContact(ctx, model.Keyword.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not list contacts", err))
		return
	}
	tflog.Debug(ctx, "Listed contacts", map[string]any{"contacts": len(res.Contacts), "pages": res.Pages})
	warnOddValues(&resp.Diagnostics, "ListContact", res.Contacts, func(i int, c *cas.AccountContact) string {
		return itemName("contacts", i, "ContactId", c.ContactID)
	})
	resp.Diagnostics.Append(setState(&resp.State, map[string]tftypes.Value{
		"ids":      listValue(tftypes.String, res.Contacts, func(c *cas.AccountContact) tftypes.Value { return idValue(c.ContactID) }),
		"contacts": contact.listValue(res.Contacts),
	})...)
}
