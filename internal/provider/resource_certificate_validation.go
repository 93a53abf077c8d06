package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// The waiter of an application (the aws_acm_certificate_validation
// habit): creating it waits, under timeouts { create }, until CAS issues
// the certificate, and fails with CAS's reason when it does not.

var (
	_ resource.ResourceWithConfigure = (*certificateValidationResource)(nil)
	_ resource.ResourceWithIdentity  = (*certificateValidationResource)(nil)
)

// NewCertificateValidationResource is resource "alicas_certificate_validation".
func NewCertificateValidationResource() resource.Resource { return &certificateValidationResource{} }

type certificateValidationResource struct {
	configuredResource
}

const defaultIssuanceTimeout = 45 * time.Minute

type certificateValidationModel struct {
	ID             types.String   `tfsdk:"id"`
	ApplicationID  types.String   `tfsdk:"application_id"`
	RecordFQDNs    types.Set      `tfsdk:"validation_record_fqdns"`
	CertificateID  types.Int64    `tfsdk:"certificate_id"`
	CertIdentifier types.String   `tfsdk:"cert_identifier"`
	NotAfter       types.String   `tfsdk:"not_after"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

func (r *certificateValidationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate_validation"
}

func (r *certificateValidationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Waits until CAS issues the certificate an `alicas_certificate_application` applied for " +
			"(polling `GetInstanceDetail`, bounded by `timeouts { create }`), and gives its `certificate_id`, which " +
			"`alicas_deployment_job.certificate_ids` takes. Create it after the DNS records of `validation_records` are " +
			"published (give their names in `validation_record_fqdns`, or use `depends_on`). When CAS ends the application " +
			"without a certificate (a record missing or wrong), the apply fails with CAS's reason. It creates nothing in " +
			"CAS, and destroying it changes nothing there.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The application's ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"application_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "`alicas_certificate_application.<name>.id`. A new application (a renewal) makes a new wait.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"validation_record_fqdns": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "The names of the DNS records published for the application, e.g. from " +
					"`alicloud_alidns_record`: only so that Terraform publishes them before it waits.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()}},
			"certificate_id": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "The issued certificate (`CertificateId`), for `alicas_deployment_job.certificate_ids`."},
			"cert_identifier": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The certificate's identifier for other Alibaba Cloud services (`CertIdentifier`)."},
			"not_after": schema.StringAttribute{Computed: true, MarkdownDescription: "When the certificate ends, RFC 3339."},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeoutsBlock(ctx, "How long to wait for issuance.",
				map[string]time.Duration{"create": defaultIssuanceTimeout},
				map[string]string{"create": "how long apply waits for CAS to issue the certificate. Past it the apply fails; the " +
					"application goes on in CAS and the next apply waits again"}),
		},
	}
}

func (r *certificateValidationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m certificateValidationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	limit, diags := m.Timeouts.Create(ctx, defaultIssuanceTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	app, err := parseApplicationID(m.ApplicationID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("application_id"), "Invalid application ID", err.Error())
		return
	}
	waitCtx, cancel := r.client.Clock().WithTimeout(ctx, limit)
	defer cancel()
	d, err := r.engine.WaitForIssuance(waitCtx, app)
	var ended *lifecycle.ApplicationEndedError
	switch {
	case errors.As(err, &ended):
		resp.Diagnostics.AddError(fmt.Sprintf("CAS did not issue the certificate of instance %s", app.InstanceID), ended.Error())
		return
	case waitCtx.Err() != nil && ctx.Err() == nil:
		resp.Diagnostics.AddError(fmt.Sprintf("Timed out waiting for the certificate of instance %s", app.InstanceID),
			fmt.Sprintf("CAS had not issued it after %s (the instance is %s). The application goes on in CAS: check that the "+
				"validation records are published, then apply again, which waits again; or raise timeouts { create }.",
				durationText(limit), statusOf(d)))
		return
	case err != nil:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not follow the application of instance %s (GetInstanceDetail)", app.InstanceID), err, "create"))
		return
	}
	m.ID = m.ApplicationID
	m.CertificateID, m.CertIdentifier, m.NotAfter = types.Int64Value(d.CertificateID.Value()), types.StringValue(d.CertIdentifier.Value()), instantValue(d.CertificateNotAfter)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setApplicationIdentity(ctx, resp.Identity, m.ID)...)
}

// statusOf is the instance's status as a diagnostic says it.
func statusOf(d *cas.InstanceDetail) string {
	if d == nil {
		return "unknown"
	}
	return string(d.CurrentStatus())
}

// Read keeps the validation while its instance exists: what was issued
// stays issued.
func (r *certificateValidationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m certificateValidationModel
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
	if _, err := r.engine.Instance(ctx, app.InstanceID); lifecycle.Gone(err) {
		resp.State.RemoveResource(ctx)
	} else if err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read instance %s (GetInstanceDetail)", app.InstanceID), err, "read"))
	}
}

// Update records changed timeouts; every other argument replaces.
func (r *certificateValidationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m certificateValidationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setApplicationIdentity(ctx, resp.Identity, m.ID)...)
}

// Delete forgets the wait: nothing in CAS changes.
func (r *certificateValidationResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *certificateValidationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = applicationIdentity
}
