package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// A contact CAS notifies (deployment jobs' contact_ids). GetContact masks
// the email and mobile, so the state keeps what was configured, and a
// change made in the console is seen only where the masked form no longer
// fits it.

var (
	_ resource.ResourceWithIdentity    = (*contactResource)(nil)
	_ resource.ResourceWithConfigure   = (*contactResource)(nil)
	_ resource.ResourceWithImportState = (*contactResource)(nil)
)

// NewContactResource is resource "alicas_contact".
func NewContactResource() resource.Resource {
	return &contactResource{}
}

type contactResource struct {
	configuredResource
}

type contactModel struct {
	ID             types.String `tfsdk:"id"`
	ContactID      types.Int64  `tfsdk:"contact_id"`
	Name           types.String `tfsdk:"name"`
	Mobile         types.String `tfsdk:"mobile"`
	Email          types.String `tfsdk:"email"`
	Webhooks       types.List   `tfsdk:"webhooks"`
	EmailVerified  types.Bool   `tfsdk:"email_verified"`
	MobileVerified types.Bool   `tfsdk:"mobile_verified"`
}

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact CAS notifies about deployment jobs and expiring certificates (API `CreateContact`, " +
			"`GetContact`, `UpdateContact`, `DeleteContact`): what `alicas_deployment_job`'s `contact_ids` take, made in the " +
			"same configuration instead of by hand in the console.\n\n" +
			"**What the provider can see of changes made in the console.** `GetContact` answers the name and the webhooks " +
			"in full: a change to either is planned back to the configuration. It masks the email and mobile " +
			"(`tes****1@example.com`, `139****8888`), so the state keeps the values you configured: a console change is " +
			"seen only when the masked form no longer fits them (another beginning or end, another domain), and then " +
			"the plan sets them back; a change in the hidden middle is not seen. A contact deleted in the console is " +
			"planned for creation again.\n\n" +
			"Every change is one `UpdateContact` carrying every field, as CAS requires (a field left out would be " +
			"cleared). A contact a deployment job still notifies cannot be destroyed: the error names the job.\n\n" +
			"Import takes the contact ID. The email and mobile cannot be read back: they stay empty in the state until " +
			"the next apply writes the configured ones to CAS.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The contact ID as a string; what `terraform import` takes.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"contact_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "The contact ID (`ContactId`): what " +
				"`alicas_deployment_job`'s `contact_ids` take.", PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "The contact's name (`Name`), unique among the " +
				"account's contacts: a name another contact has is refused, naming it (import that one instead). Changes in place.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"mobile": schema.StringAttribute{Required: true, MarkdownDescription: "Mobile phone number (`Mobile`, required by " +
				"CAS), e.g. `13912345678`. CAS answers it masked: the state keeps this value. Changes in place; CAS no longer " +
				"counts a changed number as verified.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"email": schema.StringAttribute{Optional: true, MarkdownDescription: "Email address (`Email`). CAS answers it masked: " +
				"the state keeps this value. Changes in place; leaving it out clears it in CAS.",
				Validators: []validator.String{stringvalidator.RegexMatches(emailPattern, "must be an email address such as ops@example.com")}},
			"webhooks": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Chatbot webhook URLs CAS posts notifications to (`Webhooks`), in order: DingTalk " +
					"(`https://oapi.dingtalk.com/robot/send?access_token=...`), WeCom (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...`) " +
					"or Lark/Feishu (`https://open.feishu.cn/open-apis/bot/v2/hook/...`); CAS refuses other kinds, and the apply's " +
					"error names the URL. Changes in place; leaving it out clears them in CAS.",
				Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.RegexMatches(httpsPattern, "must be an https:// URL"))}},
			"email_verified": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether CAS counts the email as " +
				"verified (`EmailStatus`); verifying happens outside Terraform, in the CAS console."},
			"mobile_verified": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether CAS counts the mobile number " +
				"as verified (`MobileStatus`)."},
		},
	}
}

var (
	emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)
	httpsPattern = regexp.MustCompile(`^https://\S+$`)
)

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	spec := plan.spec()
	id, err := r.engine.CreateContact(ctx, spec)
	if err != nil {
		resp.Diagnostics.Append(contactWriteDiagnostic(fmt.Sprintf("Could not create contact %q (CreateContact)", spec.Name), err, "create"))
		return
	}
	tflog.Info(ctx, "Created contact", map[string]any{"contact_id": id, "name": spec.Name})
	plan.ID, plan.ContactID = types.StringValue(strconv.FormatInt(id, 10)), types.Int64Value(id)
	plan.EmailVerified, plan.MobileVerified = types.BoolNull(), types.BoolNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...) // in state at once: whatever fails next, the contact is not lost
	resp.Diagnostics.Append(contactIdentity.set(ctx, resp.Identity, plan.ContactID)...)
	resp.Diagnostics.Append(r.readInto(ctx, &resp.State, plan, "create")...)
}

// readInto reads the contact and writes what CAS says of it over prior.
func (r *contactResource) readInto(ctx context.Context, state interface {
	Set(context.Context, any) diag.Diagnostics
}, prior contactModel, operation string) diag.Diagnostics {
	var diags diag.Diagnostics
	got, err := r.client.GetContact(ctx, prior.ContactID.ValueInt64())
	if err != nil {
		diags.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read contact %d (GetContact)", prior.ContactID.ValueInt64()), err, operation))
		return diags
	}
	m, d := contactModelFrom(ctx, got, prior)
	diags.Append(d...)
	diags.Append(state.Set(ctx, &m)...)
	return diags
}

// contactModelFrom is the one builder of the model from what GetContact
// says, over prior (the state or plan): the email and mobile stay prior's
// while the masked ones fit them, and become the masked ones when not (a
// change made elsewhere, which the next plan sets back).
func contactModelFrom(ctx context.Context, got *cas.AccountContact, prior contactModel) (contactModel, diag.Diagnostics) {
	m := prior
	m.ContactID = types.Int64Value(got.ContactID.Value())
	m.ID = types.StringValue(strconv.FormatInt(got.ContactID.Value(), 10))
	m.Name = types.StringPointerValue((*string)(got.Name))
	m.Email = maskedKept(got.Email, prior.Email)
	m.Mobile = maskedKept(got.Mobile, prior.Mobile)
	m.EmailVerified = types.BoolPointerValue((*bool)(got.EmailStatus))
	m.MobileVerified = types.BoolPointerValue((*bool)(got.MobileStatus))
	var hooks []string
	for _, h := range got.WebhookURLs() {
		hooks = append(hooks, string(h))
	}
	if len(hooks) == 0 && prior.Webhooks.IsNull() {
		m.Webhooks = types.ListNull(types.StringType)
		return m, nil
	}
	var diags diag.Diagnostics
	m.Webhooks, diags = types.ListValueFrom(ctx, types.StringType, append([]string{}, hooks...))
	return m, diags
}

// maskedKept is the configured value while CAS's masked one fits it; the
// masked one otherwise; null when neither is known (after an import).
func maskedKept(masked *cas.String, configured types.String) types.String {
	switch {
	case configured.IsNull() || configured.IsUnknown():
		return types.StringNull()
	case cas.MaskedMatches(masked.Value(), configured.ValueString()):
		return configured
	}
	return types.StringValue(masked.Value())
}

func (m contactModel) spec() lifecycle.ContactSpec {
	spec := lifecycle.ContactSpec{Name: m.Name.ValueString(), Mobile: m.Mobile.ValueString(), Email: m.Email.ValueString()}
	for _, e := range m.Webhooks.Elements() {
		if s, ok := e.(types.String); ok {
			spec.Webhooks = append(spec.Webhooks, s.ValueString())
		}
	}
	return spec
}

func (r *contactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := strconv.ParseInt(state.ID.ValueString(), 10, 64)
	if err != nil || id < 1 {
		resp.Diagnostics.AddError("Invalid contact ID", fmt.Sprintf("%q is not a contact ID: give the number CAS shows "+
			"(data.alicas_contacts' ids), as in terraform import alicas_contact.ops 1352570.", state.ID.ValueString()))
		return
	}
	state.ContactID = types.Int64Value(id)
	got, err := r.client.GetContact(ctx, id)
	if lifecycle.Gone(err) {
		tflog.Warn(ctx, "The contact is gone from CAS; removing it from state", map[string]any{"contact_id": id})
		contactIdentity.remove(ctx, resp, id)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read contact %d (GetContact)", id), err, "read"))
		return
	}
	m, diags := contactModelFrom(ctx, got, state)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(contactIdentity.set(ctx, resp.Identity, m.ContactID)...)
}

func (r *contactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.ContactID.ValueInt64()
	if err := r.engine.UpdateContact(ctx, id, plan.spec()); err != nil {
		resp.Diagnostics.Append(contactWriteDiagnostic(fmt.Sprintf("Could not update contact %d (UpdateContact)", id), err, "update"))
		return
	}
	resp.Diagnostics.Append(r.readInto(ctx, &resp.State, plan, "update")...)
	resp.Diagnostics.Append(contactIdentity.set(ctx, resp.Identity, plan.ContactID)...)
}

func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ContactID.ValueInt64()
	err := r.engine.DeleteContact(ctx, id)
	switch {
	case err == nil:
	case cas.InUse(err):
		d := resourceErrorDiagnostic(fmt.Sprintf("Contact %d (%s) is notified by a deployment job", id, state.Name.ValueString()), err, "delete")
		resp.Diagnostics.AddError(d.Summary(), d.Detail()+"\n\nCAS keeps a contact while a deployment job lists it: destroy "+
			"that job first (or take the contact out of its contact_ids), then destroy again. To keep the contact and stop "+
			"managing it: terraform state rm.")
	default:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not delete contact %d (DeleteContact)", id), err, "delete"))
	}
}

// ImportState takes a contact ID; Read fills in the name and webhooks.
func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	contactIdentity.importState(ctx, req, resp, `1352570 (as data "alicas_contacts" lists it)`)
}

// contactWriteDiagnostic says why CAS refused a contact, on the attribute
// to fix where there is one.
func contactWriteDiagnostic(summary string, err error, operation string) diag.Diagnostic {
	var taken *lifecycle.ContactNameTakenError
	if errors.As(err, &taken) {
		return diag.NewAttributeErrorDiagnostic(path.Root("name"), fmt.Sprintf("Contact name %q is taken", taken.Name),
			fmt.Sprintf("Contact %d is already named %q, and CAS keeps contact names unique. Choose another name, or manage "+
				"that contact here: terraform import alicas_contact.<name> %d.", taken.ContactID, taken.Name, taken.ContactID))
	}
	d := resourceErrorDiagnostic(summary, err, operation)
	var apiErr *cas.APIError
	if errors.As(err, &apiErr) && strings.Contains(apiErr.Code, "Webhooks") {
		return diag.NewAttributeErrorDiagnostic(path.Root("webhooks"), "CAS refused a webhook", d.Detail()+"\n\nCAS takes "+
			"chatbot webhooks of DingTalk (https://oapi.dingtalk.com/robot/send?access_token=...), WeCom "+
			"(https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...) and Lark/Feishu (https://open.feishu.cn/open-apis/bot/v2/hook/...).")
	}
	return d
}

// contactIdentity identifies a contact by its ContactId.
var contactIdentity = numberIdentity{attr: "contact_id", what: "contact"}

func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	contactIdentity.schema(resp)
}
