package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// An application for a certificate on a CAS instance (the V2 model:
// UpdateInstance, then ApplyCertificate). Creating it submits the
// application and records the DNS records CAS asks for; a DNS resource
// publishes them; alicas_certificate_validation waits for the certificate.
// Within renew_before_days of the certificate's end the plan replaces the
// application: a new one on the same instance, a new certificate.

var (
	_ resource.ResourceWithIdentity   = (*certificateApplicationResource)(nil)
	_ resource.ResourceWithConfigure  = (*certificateApplicationResource)(nil)
	_ resource.ResourceWithModifyPlan = (*certificateApplicationResource)(nil)
)

// NewCertificateApplicationResource is resource "alicas_certificate_application".
func NewCertificateApplicationResource() resource.Resource { return &certificateApplicationResource{} }

type certificateApplicationResource struct {
	configuredResource
}

type certificateApplicationModel struct {
	ID                types.String `tfsdk:"id"`
	InstanceID        types.String `tfsdk:"instance_id"`
	Domains           types.List   `tfsdk:"domains"`
	KeyAlgorithm      types.String `tfsdk:"key_algorithm"`
	ValidationMethod  types.String `tfsdk:"validation_method"`
	ContactIDs        types.Set    `tfsdk:"contact_ids"`
	RenewBeforeDays   types.Int64  `tfsdk:"renew_before_days"`
	AutoReissue       types.Bool   `tfsdk:"auto_reissue"`
	Status            types.String `tfsdk:"status"`
	ValidationRecords types.List   `tfsdk:"validation_records"`
	CertificateID     types.Int64  `tfsdk:"certificate_id"`
	NotAfter          types.String `tfsdk:"not_after"`
	ReadyForRenewal   types.Bool   `tfsdk:"ready_for_renewal"`
}

// validationRecordType is one record to publish, as DNS providers take it.
var validationRecordType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"domain": types.StringType, "domain_name": types.StringType, "rr": types.StringType, "type": types.StringType, "value": types.StringType,
}}

func (r *certificateApplicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_application"
}

func (r *certificateApplicationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Applies for a certificate on a CAS certificate instance (a bought certificate, or a free DV " +
			"test certificate: API `UpdateInstance`, then `ApplyCertificate`) and records the DNS records CAS asks for in " +
			"`validation_records`, whose fields plug straight into `alicloud_alidns_record` (`domain_name`, `rr`, `type`, " +
			"`value`) or any DNS provider. `alicas_certificate_validation` then waits for the certificate, and its " +
			"`certificate_id` feeds `alicas_deployment_job`. Where CAS validates by itself (the zone is hosted in Alibaba " +
			"Cloud DNS in the same account), nothing needs publishing: go straight to the validation.\n\n" +
			"**Renewal from a scheduled plan:** within `renew_before_days` of the certificate's end, the next plan replaces " +
			"this resource: a new application on the same instance, hence a new certificate, and the deployment job that " +
			"takes it runs again. A nightly `terraform apply` keeps certificates renewed and deployed.\n\n" +
			"Each write is sent once: a lost answer is settled by reading the instance. **Destroying** an application still " +
			"pending withdraws it (`CancelPendingCertificate`); destroying one that was issued changes nothing in CAS: the " +
			"certificate stays in the account and wherever it was deployed, until it ends.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The application's ID: the instance ID and the " +
				"certificate it held before (`<instance_id>/<certificate ID or 0>`). What `alicas_certificate_validation` takes.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"instance_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The certificate instance to apply on (`InstanceId`), e.g. one of " +
					"`data.alicas_certificate_instances.<name>.ids`. Changing it makes a new application.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"domains": schema.ListAttribute{Required: true, ElementType: types.StringType,
				MarkdownDescription: "The names the certificate is for (`Domain`): the first is its common name. As many as the " +
					"instance's specification allows. Changing them makes a new application.",
				Validators:    []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()}},
			"key_algorithm": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("RSA_2048"),
				MarkdownDescription: "The key CAS generates (`KeyAlgorithm`): `RSA_2048` (the default), `RSA_3072`, `RSA_4096` or `ECC_256`.",
				Validators:          []validator.String{stringvalidator.OneOf("RSA_2048", "RSA_3072", "RSA_4096", "ECC_256")},
				PlanModifiers:       replace},
			"validation_method": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("DNS"),
				MarkdownDescription: "How the names are proven (`ValidationMethod`): `DNS` (the default: a TXT record per name) or `HTTP`.",
				Validators:          []validator.String{stringvalidator.OneOf("DNS", "HTTP")},
				PlanModifiers:       replace},
			"contact_ids": schema.SetAttribute{Required: true, ElementType: positiveWholeNumber,
				MarkdownDescription: "Contacts CAS tells about the application (`ContactIdList`, required before applying): " +
					"`alicas_contact.<name>.contact_id`, or the `ids` of `data.alicas_contacts`.",
				Validators:    []validator.Set{setvalidator.SizeAtLeast(1), eachWholeNumber{}},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()}},
			"auto_reissue": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether CAS reissues the certificate by itself before it ends (`AutoReissue`, bought " +
					"instances). Then read the instance's current certificate with `data.alicas_certificate_instances` and " +
					"give that to the deployment job, which follows each new ID; `renew_before_days` is the other way. " +
					"Changing it makes a new application.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"renew_before_days": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(30),
				MarkdownDescription: "How many days before the certificate ends the plan renews it (replaces this application). " +
					"Default 30; free test certificates last 90 days.",
				Validators: []validator.Int64{int64validator.Between(1, 365)}},
			"status": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The instance's status (`Status`): `pending` while the application is checked, `normal` once issued."},
			"validation_records": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The DNS records to publish, one per name to prove, while the application is pending " +
					"(`[]` once it is not). In a zone CAS validates by itself they need no publishing. Feed them to a DNS " +
					"resource with `for_each`.",
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"domain":      schema.StringAttribute{Computed: true, MarkdownDescription: "The name this record proves."},
					"domain_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The zone to publish in, e.g. `example.com`."},
					"rr":          schema.StringAttribute{Computed: true, MarkdownDescription: "The host record in the zone, e.g. `_dnsauth.www` (`@` for the apex)."},
					"type":        schema.StringAttribute{Computed: true, MarkdownDescription: "The record type: `TXT` (or `CNAME`)."},
					"value":       schema.StringAttribute{Computed: true, MarkdownDescription: "The record's value."},
				}}},
			"certificate_id": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "The certificate issued (`CertificateId`); null until it is. Prefer " +
					"`alicas_certificate_validation.<name>.certificate_id`, which waits for it."},
			"not_after": schema.StringAttribute{Computed: true, MarkdownDescription: "When the issued certificate ends, RFC 3339; null until issued."},
			"ready_for_renewal": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the certificate is within `renew_before_days` of its end: the plan then replaces this application."},
		},
	}
}

func (r *certificateApplicationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan certificateApplicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.readyForRenewal(state.NotAfter, plan.RenewBeforeDays) {
		return
	}
	plan.CertificateID, plan.NotAfter, plan.Status = types.Int64Unknown(), types.StringUnknown(), types.StringUnknown()
	plan.ReadyForRenewal, plan.ValidationRecords = types.BoolUnknown(), types.ListUnknown(validationRecordType)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("not_after"))
	resp.Diagnostics.AddWarning("Certificate due for renewal",
		fmt.Sprintf("The certificate of instance %s ends %s, within renew_before_days (%d): this plan applies for a new one on the "+
			"same instance.", state.InstanceID.ValueString(), state.NotAfter.ValueString(), plan.RenewBeforeDays.ValueInt64()))
}

// readyForRenewal reports whether a certificate ending at notAfter is
// within days of its end.
func (r *certificateApplicationResource) readyForRenewal(notAfter types.String, days types.Int64) bool {
	end, err := time.Parse(time.RFC3339, notAfter.ValueString())
	if err != nil || r.client == nil {
		return false
	}
	return !r.client.Clock().Now().Before(end.AddDate(0, 0, -int(days.ValueInt64())))
}

func (r *certificateApplicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan certificateApplicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings := cas.UpdateInstanceRequest{InstanceID: plan.InstanceID.ValueString(), KeyAlgorithm: plan.KeyAlgorithm.ValueString(),
		ValidationMethod: plan.ValidationMethod.ValueString()}
	var domains []string
	resp.Diagnostics.Append(plan.Domains.ElementsAs(ctx, &domains, false)...)
	settings.Domain = strings.Join(domains, ",")
	settings.AutoReissue = "disable"
	if plan.AutoReissue.ValueBool() {
		settings.AutoReissue = "enable"
	}
	ids, diags := int64s(ctx, plan.ContactIDs)
	resp.Diagnostics.Append(diags...)
	settings.ContactIDList = ids
	if resp.Diagnostics.HasError() {
		return
	}
	instanceID := settings.InstanceID
	if _, err := r.engine.ConfigureInstance(ctx, settings); err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not set the application of instance %s (UpdateInstance)", instanceID), err, "create"))
		return
	}
	app, err := r.engine.Apply(ctx, instanceID)
	if err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not apply for the certificate of instance %s (ApplyCertificate)", instanceID), err, "create"))
		return
	}
	tflog.Info(ctx, "Applied for a certificate", map[string]any{"instance_id": instanceID})
	plan.ID = types.StringValue(applicationID(app))
	records, detail, err := r.engine.AwaitValidationRecords(ctx, instanceID)
	if err != nil {
		// Submitted, so in state: the next plan reads what CAS asks for.
		detail, records = nil, nil
		resp.Diagnostics.AddWarning(fmt.Sprintf("Could not read the validation records of instance %s", instanceID), err.Error())
	}
	resp.Diagnostics.Append(plan.fromInstance(app, detail, records, r.readyForRenewal)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setApplicationIdentity(ctx, resp.Identity, plan.ID)...)
}

// applicationID is what alicas_certificate_validation takes.
func applicationID(app lifecycle.Application) string {
	return app.InstanceID + "/" + strconv.FormatInt(app.PreviousCertID, 10)
}

// parseApplicationID undoes applicationID.
func parseApplicationID(id string) (lifecycle.Application, error) {
	instanceID, previous, ok := strings.Cut(id, "/")
	n, err := strconv.ParseInt(previous, 10, 64)
	if !ok || err != nil || instanceID == "" || n < 0 {
		return lifecycle.Application{}, fmt.Errorf("%q is not an application ID (<instance_id>/<certificate ID>): take alicas_certificate_application.<name>.id", id)
	}
	return lifecycle.Application{InstanceID: instanceID, PreviousCertID: n}, nil
}

// fromInstance is the one builder of the computed attributes from the
// instance as CAS shows it (nil when it could not be read) and the records
// it asks for.
func (m *certificateApplicationModel) fromInstance(app lifecycle.Application, d *cas.InstanceDetail,
	records []lifecycle.ValidationRecord, ready func(types.String, types.Int64) bool) diag.Diagnostics {
	var diags diag.Diagnostics
	m.Status, m.CertificateID, m.NotAfter = types.StringNull(), types.Int64Null(), types.StringNull()
	if d != nil {
		m.Status = types.StringValue(string(d.CurrentStatus()))
		if app.Issued(d) {
			m.CertificateID = types.Int64Value(d.CertificateID.Value())
			m.NotAfter = instantValue(d.CertificateNotAfter)
		}
	}
	m.ReadyForRenewal = types.BoolValue(ready(m.NotAfter, m.RenewBeforeDays))
	values := make([]attr.Value, 0, len(records))
	for _, r := range records {
		v, d := types.ObjectValue(validationRecordType.AttrTypes, map[string]attr.Value{
			"domain": types.StringValue(r.Domain), "domain_name": types.StringValue(r.DomainName), "rr": types.StringValue(r.RR),
			"type": types.StringValue(r.Type), "value": types.StringValue(r.Value)})
		diags.Append(d...)
		values = append(values, v)
	}
	list, d2 := types.ListValue(validationRecordType, values)
	diags.Append(d2...)
	m.ValidationRecords = list
	return diags
}

func (r *certificateApplicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m certificateApplicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	app, err := parseApplicationID(m.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid application ID", err.Error())
		return
	}
	resp.Diagnostics.Append(setApplicationIdentity(ctx, resp.Identity, m.ID)...) // before any removal: the framework wants one
	d, err := r.engine.Instance(ctx, app.InstanceID)
	switch {
	case lifecycle.Gone(err):
		tflog.Warn(ctx, "The certificate instance is gone from CAS; removing the application from state", map[string]any{"instance_id": app.InstanceID})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read instance %s (GetInstanceDetail)", app.InstanceID), err, "read"))
		return
	}
	var records []lifecycle.ValidationRecord
	if d.CurrentStatus() == cas.InstancePending {
		records = lifecycle.ValidationRecords(d)
	}
	resp.Diagnostics.Append(m.fromInstance(app, d, records, r.readyForRenewal)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update records renew_before_days, the one argument that changes in place.
func (r *certificateApplicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state certificateApplicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Status, plan.CertificateID, plan.NotAfter, plan.ValidationRecords = state.Status, state.CertificateID, state.NotAfter, state.ValidationRecords
	plan.ReadyForRenewal = types.BoolValue(r.readyForRenewal(plan.NotAfter, plan.RenewBeforeDays))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setApplicationIdentity(ctx, resp.Identity, plan.ID)...)
}

// Delete withdraws an application still pending; an issued certificate
// stays in CAS.
func (r *certificateApplicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m certificateApplicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	app, err := parseApplicationID(m.ID.ValueString())
	if err != nil {
		return // nothing CAS knows of
	}
	d, err := r.engine.Instance(ctx, app.InstanceID)
	if lifecycle.Gone(err) {
		return
	}
	if err == nil && (d.CurrentStatus() != cas.InstancePending || d.CertificateID.Value() != app.PreviousCertID) {
		return // issued (the certificate stays), or a later application is the one outstanding
	}
	status, err := r.engine.Cancel(ctx, app.InstanceID)
	if err != nil && !lifecycle.Gone(err) {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not withdraw the application of instance %s (CancelPendingCertificate)", app.InstanceID), err, "delete"))
		return
	}
	tflog.Info(ctx, "Application removed", map[string]any{"instance_id": app.InstanceID, "status": string(status)})
}

func (r *certificateApplicationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = applicationIdentity
}
