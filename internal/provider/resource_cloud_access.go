package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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

// Another cloud's AccessKey stored in CAS, for multi-cloud deployment jobs.
// Its secret is write-only: sent once, never in plan, state or logs. CAS
// cannot change a stored key, so every argument replaces it.

var (
	_ resource.ResourceWithConfigure = (*cloudAccessResource)(nil)
	_ resource.ResourceWithIdentity  = (*cloudAccessResource)(nil)
)

// NewCloudAccessResource is resource "alicas_cloud_access".
func NewCloudAccessResource() resource.Resource {
	return &cloudAccessResource{}
}

type cloudAccessResource struct {
	configuredResource
}

type cloudAccessModel struct {
	ID                 types.String `tfsdk:"id"`
	AccessID           types.Int64  `tfsdk:"access_id"`
	CloudName          types.String `tfsdk:"cloud_name"`
	SecretID           types.String `tfsdk:"secret_id"`
	SecretKeyWO        types.String `tfsdk:"secret_key_wo"`
	SecretKeyWOVersion types.Int64  `tfsdk:"secret_key_wo_version"`
	ServiceStatus      types.String `tfsdk:"service_status"`
}

// otherClouds are the clouds CAS deploys to besides Alibaba Cloud.
var otherClouds = []string{cas.CloudTencent, cas.CloudHuawei, cas.CloudAws}

func (r *cloudAccessResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cloud_access"
}

func (r *cloudAccessResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Stores an AccessKey of another cloud (Tencent Cloud, Huawei Cloud or AWS) in CAS (API " +
			"`AddCloudAccess`, `ListCloudAccess`, `DeleteCloudAccess`), so that multi-cloud deployment jobs " +
			"(`alicas_deployment_job` with `job_type = \"cloud\"`) can deploy to that cloud's resources. Without a stored " +
			"key of the resource's cloud, such a job's workers fail.\n\n" +
			"The secret is `secret_key_wo`, write-only: sent to CAS once, in the request body, and never in the plan, " +
			"the state or the provider's logs (Terraform 1.11 and later). CAS never returns it either, so the provider " +
			"cannot see it change: to store a new secret, change `secret_key_wo_version`.\n\n" +
			"CAS answers `AddCloudAccess` with no ID: the provider finds the key by cloud and key ID in `ListCloudAccess`. " +
			"It looks before adding, and refuses to add a key CAS already stores (the error gives its `access_id`); when " +
			"the answer to an add is lost, it looks again instead of adding a second copy. CAS cannot change a stored key: " +
			"any change of an argument deletes it and adds the new one. A key deleted in the console is planned to be " +
			"added again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The key's `AccessId` as a string.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"access_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "The key's ID in CAS (`AccessId`, from " +
				"`ListCloudAccess`).", PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"cloud_name": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The other cloud (`CloudName`): `Tencent`, `Huawei` or `Aws`, spelt so. Changing it " +
					"replaces the key.",
				Validators: []validator.String{stringvalidator.OneOf(otherClouds...)}},
			"secret_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The other cloud's AccessKey ID (`SecretId`): Tencent's `SecretId`, Huawei's or AWS's " +
					"access key ID. CAS shows it masked; the state keeps this value. Changing it replaces the key.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"secret_key_wo": schema.StringAttribute{Required: true, WriteOnly: true, Sensitive: true,
				MarkdownDescription: "The other cloud's secret access key (`SecretKey`), write-only: sent to CAS when the key " +
					"is added and never stored in the state or plan. Give it from an ephemeral source (an ephemeral variable, " +
					"a secret manager's ephemeral resource). A new secret takes effect only with a new `secret_key_wo_version`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"secret_key_wo_version": schema.Int64Attribute{Required: true,
				MarkdownDescription: "Any whole number from 1 you choose, stored in state to stand for `secret_key_wo`: " +
					"changing it deletes the stored key and adds it again with the current secret.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()}},
			"service_status": schema.StringAttribute{Computed: true, MarkdownDescription: "What CAS says of the key " +
				"(`ServiceStatus`): `normal` when it works."},
		},
	}
}

func (r *cloudAccessResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config cloudAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...) // the write-only secret is only here
	if resp.Diagnostics.HasError() {
		return
	}
	add := cas.AddCloudAccessRequest{CloudName: plan.CloudName.ValueString(), SecretID: plan.SecretID.ValueString(),
		SecretKey: config.SecretKeyWO.ValueString()}
	id, err := r.engine.AddCloudAccess(ctx, add)
	var exists *lifecycle.CloudAccessExistsError
	switch {
	case errors.As(err, &exists):
		resp.Diagnostics.AddAttributeError(path.Root("secret_id"), fmt.Sprintf("CAS already stores this %s AccessKey", exists.CloudName),
			fmt.Sprintf("CAS stores the %s AccessKey %s as AccessId %d, so it was not added again. Its secret cannot be read "+
				"to tell whether it is this one. If an earlier apply added it and lost the answer, or it was added in the "+
				"console, delete it there (or with the CAS API) and apply again.", exists.CloudName, exists.SecretID, exists.AccessID))
		return
	case err != nil:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not store the %s AccessKey %s (AddCloudAccess)",
			add.CloudName, add.SecretID), err, "create"))
		return
	}
	tflog.Info(ctx, "Stored another cloud's AccessKey", map[string]any{"access_id": id, "cloud_name": add.CloudName})
	plan.ID, plan.AccessID, plan.SecretKeyWO = types.StringValue(strconv.FormatInt(id, 10)), types.Int64Value(id), types.StringNull()
	plan.ServiceStatus = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(cloudAccessIdentity.set(ctx, resp.Identity, plan.AccessID)...)
	resp.Diagnostics.Append(r.readInto(ctx, &resp.State, plan, "create")...)
}

// readInto reads the key and writes what CAS says of it over prior; a key
// gone is reported as gone (false).
func (r *cloudAccessResource) readInto(ctx context.Context, state interface {
	Set(context.Context, any) diag.Diagnostics
}, prior cloudAccessModel, operation string) diag.Diagnostics {
	var diags diag.Diagnostics
	k, err := r.engine.CloudAccess(ctx, prior.AccessID.ValueInt64())
	switch {
	case err != nil:
		diags.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read stored AccessKey %d (ListCloudAccess)", prior.AccessID.ValueInt64()), err, operation))
	case k == nil:
		diags.AddError(fmt.Sprintf("Stored AccessKey %d is gone", prior.AccessID.ValueInt64()),
			"CAS no longer lists it: something deleted it meanwhile. The next plan adds it again.")
	default:
		m := cloudAccessModelFrom(k, prior)
		diags.Append(state.Set(ctx, &m)...)
	}
	return diags
}

// cloudAccessModelFrom is the one builder of the model from what
// ListCloudAccess says, over prior: the key ID stays prior's while CAS's
// masked one fits it; the secret is never in the model.
func cloudAccessModelFrom(k *cas.CloudAccess, prior cloudAccessModel) cloudAccessModel {
	m := prior
	m.AccessID = types.Int64Value(k.AccessID.Value())
	m.ID = types.StringValue(strconv.FormatInt(k.AccessID.Value(), 10))
	m.CloudName = types.StringPointerValue((*string)(k.CloudName))
	m.SecretID = maskedKept(k.SecretID, prior.SecretID)
	m.SecretKeyWO = types.StringNull()
	m.ServiceStatus = types.StringPointerValue((*string)(k.ServiceStatus))
	return m
}

func (r *cloudAccessResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state cloudAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	k, err := r.engine.CloudAccess(ctx, state.AccessID.ValueInt64())
	switch {
	case err != nil:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read stored AccessKey %d (ListCloudAccess)", state.AccessID.ValueInt64()), err, "read"))
	case k == nil:
		tflog.Warn(ctx, "The AccessKey is no longer stored in CAS; removing it from state", map[string]any{"access_id": state.AccessID.ValueInt64()})
		cloudAccessIdentity.remove(ctx, resp, state.AccessID.ValueInt64())
	default:
		m := cloudAccessModelFrom(k, state)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		resp.Diagnostics.Append(cloudAccessIdentity.set(ctx, resp.Identity, m.AccessID)...)
	}
}

// Update has nothing to send: every argument replaces the key.
func (r *cloudAccessResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan cloudAccessModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	plan.SecretKeyWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(cloudAccessIdentity.set(ctx, resp.Identity, plan.AccessID)...)
}

func (r *cloudAccessResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state cloudAccessModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.engine.DeleteCloudAccess(ctx, state.AccessID.ValueInt64()); err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not delete stored AccessKey %d (DeleteCloudAccess)",
			state.AccessID.ValueInt64()), err, "delete"))
	}
}

// cloudAccessIdentity identifies a stored key by its AccessId. It cannot be
// imported: CAS shows the key ID masked, so the configuration could not be
// rebuilt.
var cloudAccessIdentity = numberIdentity{attr: "access_id", what: "stored key", noImport: true}

func (r *cloudAccessResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	cloudAccessIdentity.schema(resp)
}
