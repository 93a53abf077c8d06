package provider

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

var (
	_ resource.ResourceWithIdentity         = (*certificateResource)(nil)
	_ resource.ResourceWithConfigure        = (*certificateResource)(nil)
	_ resource.ResourceWithConfigValidators = (*certificateResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*certificateResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*certificateResource)(nil)
	_ resource.ResourceWithImportState      = (*certificateResource)(nil)
)

// NewCertificateResource is resource "alicas_certificate".
func NewCertificateResource() resource.Resource {
	return &certificateResource{}
}

type certificateResource struct {
	configuredResource
}

// certificateModel is the resource, every attribute: the arguments as
// configured or planned, the computed ones filled by fromDetail from
// certificateDetail's description of them.
type certificateModel struct {
	ID                  types.String     `tfsdk:"id"`
	CertID              types.Int64      `tfsdk:"cert_id"`
	Name                types.String     `tfsdk:"name"`
	NamePrefix          types.String     `tfsdk:"name_prefix"`
	Certificate         types.String     `tfsdk:"certificate"`
	PrivateKeyWO        types.String     `tfsdk:"private_key_wo"`
	PrivateKeyWOVersion wholeNumberValue `tfsdk:"private_key_wo_version"`
	PrivateKey          types.String     `tfsdk:"private_key"`

	CertIdentifier types.String `tfsdk:"cert_identifier"`
	CommonName     types.String `tfsdk:"common_name"`
	Sans           types.List   `tfsdk:"sans"`
	NotBeforeTime  types.Int64  `tfsdk:"not_before_time"`
	NotBefore      types.String `tfsdk:"not_before"`
	NotAfterTime   types.Int64  `tfsdk:"not_after_time"`
	NotAfter       types.String `tfsdk:"not_after"`
	Fingerprint    types.String `tfsdk:"fingerprint"`
	Issuer         types.String `tfsdk:"issuer"`
	SerialNo       types.String `tfsdk:"serial_no"`
	Algorithm      types.String `tfsdk:"algorithm"`
}

// certificateComputed are the attributes read back from CAS, as
// certificateDetail describes them.
var certificateComputed = certificateDetail.only("cert_identifier", "common_name", "sans", "not_before_time", "not_before", "not_after_time", "not_after", "fingerprint",
	"issuer", "serial_no", "algorithm")

// Names: up to 63 characters (UploadUserCertificate's limit) of letters,
// digits, underscores, hyphens and dots, unique in the account. A prefix
// leaves room for the suffix prefixedName adds.
const (
	maxCertificateName = 63
	nameSuffixLength   = len("20060102150405") + 8
)

var certificateNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

const nameCharacters = "letters, digits, underscores (_), hyphens (-) and dots (.)"

func (r *certificateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate"
}

func (r *certificateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs, err := certificateComputed.resourceAttributes()
	if err != nil {
		resp.Diagnostics.AddError("Could not build the schema", err.Error()+". This is a bug in the provider; please report it.")
		return
	}
	for name, a := range attrs {
		attrs[name] = keptUnlessReplaced(a)
	}
	// fingerprint is planned from the configured PEM (ModifyPlan).
	attrs["fingerprint"] = schema.StringAttribute{Computed: true, MarkdownDescription: "SHA-1 fingerprint of the certificate " +
		"(`Fingerprint`), upper-case hex, known at plan time from `certificate`. When the certificate in CAS no longer has it, " +
		"the plan replaces the resource."}
	attrs["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The certificate ID as a string; what `terraform import` takes.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	attrs["cert_id"] = schema.Int64Attribute{Computed: true, MarkdownDescription: "The certificate ID (`CertId`): what deployment " +
		"jobs' `certificate_ids` take.", PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("Name of the certificate in CAS, unique in the account: 1 to %d %s. Exactly one of `name` "+
			"and `name_prefix`. Changing it replaces the certificate.", maxCertificateName, nameCharacters),
		Validators: []validator.String{stringvalidator.LengthBetween(1, maxCertificateName),
			stringvalidator.RegexMatches(certificateNamePattern, "must hold only "+nameCharacters)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
	}
	attrs["name_prefix"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Start of a name the provider completes (%d more characters: the certificate's start "+
			"time in UTC and 8 hex digits derived from its fingerprint and key version), known at plan time. A new certificate or "+
			"key version gets a new name, so that a replacement can be uploaded before the old certificate is deleted "+
			"(`create_before_destroy`: names are unique in the account); the same upload always gets the same name, so one whose "+
			"answer was lost is found on the next apply instead of uploaded twice. 1 to %d %s. Exactly one of `name` and `name_prefix`.", nameSuffixLength, maxCertificateName-nameSuffixLength, nameCharacters),
		Validators: []validator.String{stringvalidator.LengthBetween(1, maxCertificateName-nameSuffixLength),
			stringvalidator.RegexMatches(certificateNamePattern, "must hold only "+nameCharacters)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(namePrefixChanged,
			"The certificate's name does not start with the new prefix.", "The certificate's name does not start with the new prefix.")},
	}
	attrs["certificate"] = schema.StringAttribute{
		Required: true,
		MarkdownDescription: "The certificate in PEM: the leaf first, then its intermediate certificates if you have them " +
			"(a full chain as ACME clients write it, e.g. `fullchain.pem`). Checked at plan time: it must parse, and an " +
			"expired one gives a warning. CAS cannot change a certificate's content, so a change uploads a new certificate " +
			"(a new `cert_id`) and deletes the old one.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
	attrs["private_key_wo"] = schema.StringAttribute{
		Optional: true, WriteOnly: true, Sensitive: true,
		MarkdownDescription: "The certificate's private key in PEM (PKCS#1, SEC 1 or PKCS#8, unencrypted), write-only: sent to " +
			"CAS on upload and never stored in the state or plan (Terraform 1.11 and later). Recommended. Give " +
			"`private_key_wo_version` with it; exactly one of `private_key_wo` and `private_key`. Checked at plan time to be " +
			"the key of `certificate`. Terraform cannot see a change of a write-only value: to upload again with a new key, " +
			"change `private_key_wo_version`.",
		Validators: []validator.String{
			stringvalidator.ConflictsWith(path.MatchRoot("private_key")),
			stringvalidator.AlsoRequires(path.MatchRoot("private_key_wo_version")),
		},
	}
	attrs["private_key_wo_version"] = schema.Int64Attribute{
		Optional: true, CustomType: positiveWholeNumber,
		MarkdownDescription: "Any whole number from 1 you choose, stored in state to stand for `private_key_wo`: changing it uploads the " +
			"certificate again (a replacement). Required with `private_key_wo`.",
		Validators: []validator.Int64{
			int64validator.ConflictsWith(path.MatchRoot("private_key")),
			int64validator.AlsoRequires(path.MatchRoot("private_key_wo")),
		},
		PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(versionChangedFromKnown,
			"A new version uploads the certificate again.", "A new version uploads the certificate again.")},
	}
	attrs["private_key"] = schema.StringAttribute{
		Optional: true, Sensitive: true,
		MarkdownDescription: "The certificate's private key in PEM, stored in the state (marked sensitive), as the alicloud " +
			"provider stores it: for Terraform older than 1.11. Prefer `private_key_wo`, which keeps the key out of the state. " +
			"Exactly one of `private_key_wo` and `private_key`. Checked at plan time to be the key of `certificate`; a " +
			"change uploads the certificate again.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(keyChangedFromKnown,
			"A new key uploads the certificate again.", "A new key uploads the certificate again.")},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Uploads a certificate and its private key to CAS (API `UploadUserCertificate`), e.g. the one your " +
			"ACME client renewed, for deployment jobs and cloud services to use. The key is best given as `private_key_wo`: " +
			"it then never lands in the state or plan.\n\n" +
			"Everything is checked at plan time, before any API call: the PEM parses, the key is the certificate's, and an " +
			"expired certificate gives a warning. CAS cannot change a certificate, so any change of `certificate`, of the key " +
			"or of `name` uploads a new one and deletes the old one; with `name_prefix` and `create_before_destroy` the new " +
			"one exists before the old one goes.\n\n" +
			"A certificate deleted outside Terraform is planned for upload again; one whose content in CAS no longer matches " +
			"`certificate` is planned for replacement. A certificate a deployment job still uses cannot be deleted: the " +
			"error names the job. If the answer to an upload is lost, the provider finds the certificate by its name and " +
			"fingerprint and adopts it instead of uploading a second one, in the same apply or, if the account cannot be read " +
			"then, in the next: an uploaded certificate with this name and the same content is taken as this one.\n\n" +
			"Import takes the certificate ID; the private key cannot be read back, so write `private_key_wo` and " +
			"`private_key_wo_version` (or `private_key`) in the configuration as for an upload: the next apply records them " +
			"without uploading anything.",
		Attributes: attrs,
	}
}

// keptUnlessReplaced keeps a computed attribute's state across plans that
// do not replace the certificate (a replacement plans them afresh).
func keptUnlessReplaced(a schema.Attribute) schema.Attribute {
	switch a := a.(type) {
	case schema.StringAttribute:
		a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
		return a
	case schema.ListAttribute:
		a.PlanModifiers = []planmodifier.List{listplanmodifier.UseStateForUnknown()}
		return a
	case schema.Int64Attribute:
		a.PlanModifiers = []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
		return a
	}
	return a
}

// keyChangedFromKnown and versionChangedFromKnown replace the certificate
// when the key (or its version) changes from one the state holds; after an
// import the state holds none, and writing it then uploads nothing: the key
// was checked to be the certificate's.
func keyChangedFromKnown(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

func versionChangedFromKnown(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

// namePrefixChanged replaces the certificate when its name does not start
// with the configured prefix (an imported one whose name does keeps it).
func namePrefixChanged(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	if req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	var name types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &name)...)
	resp.RequiresReplace = !strings.HasPrefix(name.ValueString(), req.PlanValue.ValueString())
}

func (r *certificateResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("name"), path.MatchRoot("name_prefix")),
		resourcevalidator.ExactlyOneOf(path.MatchRoot("private_key_wo"), path.MatchRoot("private_key")),
	}
}

// ValidateConfig checks the PEM before any API call: the certificate
// parses, the key parses and is the certificate's; an expired certificate
// is a warning (CAS takes it, but nothing should serve it).
func (r *certificateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var args certificateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &args)...)
	if resp.Diagnostics.HasError() || args.Certificate.IsUnknown() || args.Certificate.IsNull() {
		return
	}
	chain, err := parseChain(args.Certificate.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("certificate"), "Certificate is not PEM CAS can read",
			fmt.Sprintf("certificate cannot be read: %v. Give the PEM text, e.g. file(\"fullchain.pem\").", err))
		return
	}
	leaf := chain[0]
	if now := time.Now(); !leaf.NotAfter.After(now) {
		resp.Diagnostics.AddAttributeWarning(path.Root("certificate"), "Certificate has expired",
			fmt.Sprintf("The certificate for %s expired at %s. CAS takes it, but clients will refuse it wherever it is deployed.",
				leaf.Subject.CommonName, leaf.NotAfter.UTC().Format(time.RFC3339)))
	}
	keyPath, key := path.Root("private_key_wo"), args.PrivateKeyWO
	if key.IsNull() {
		keyPath, key = path.Root("private_key"), args.PrivateKey
	}
	if key.IsNull() || key.IsUnknown() {
		return
	}
	signer, err := parseKey(key.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(keyPath, "Private key is not PEM CAS can read",
			fmt.Sprintf("%s cannot be read: %v.", keyPath, err))
		return
	}
	if !keyMatches(leaf, signer) {
		resp.Diagnostics.AddAttributeError(keyPath, "Private key does not match the certificate",
			fmt.Sprintf("%s is not the private key of the certificate for %s (serial %s): CAS would refuse the upload. "+
				"Give the key the certificate was issued for (e.g. privkey.pem beside fullchain.pem).",
				keyPath, leaf.Subject.CommonName, leaf.SerialNumber.Text(16)))
	}
}

// ModifyPlan plans fingerprint from the configured PEM, and replaces the
// certificate when CAS's no longer has it (changed outside Terraform).
func (r *certificateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var pem types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("certificate"), &pem)...)
	if resp.Diagnostics.HasError() || pem.IsUnknown() {
		return
	}
	chain, err := parseChain(pem.ValueString())
	if err != nil {
		return // ValidateConfig said why
	}
	planned := certFingerprint(chain[0])
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("fingerprint"), planned)...)
	resp.Diagnostics.Append(planPrefixedName(ctx, req, resp, chain[0])...)
	if req.State.Raw.IsNull() {
		return
	}
	var current types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("fingerprint"), &current)...)
	if current.ValueString() != planned {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("fingerprint"))
	}
}

func (r *certificateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config certificateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...) // the write-only key is only here
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	chain, err := parseChain(plan.Certificate.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("certificate"), "Certificate is not PEM CAS can read", err.Error())
		return
	}
	key := config.PrivateKeyWO
	if key.IsNull() {
		key = plan.PrivateKey
	}
	name := plan.Name.ValueString()
	if plan.Name.IsUnknown() || plan.Name.IsNull() { // planned from name_prefix unless the PEM was unknown then
		name = prefixedName(plan.NamePrefix.ValueString(), chain[0], plan.PrivateKeyWOVersion, plan.PrivateKey)
	}
	upload := cas.UploadUserCertificateRequest{Name: name, Cert: plan.Certificate.ValueString(), Key: key.ValueString()}
	certID, err := r.engine.UploadCertificate(ctx, upload, certFingerprint(chain[0]))
	if err != nil {
		resp.Diagnostics.Append(uploadDiagnostic(name, err))
		return
	}
	tflog.Info(ctx, "Uploaded certificate", map[string]any{"cert_id": certID, "name": name})

	// In state at once: whatever fails next, the certificate is not lost.
	plan.ID, plan.CertID, plan.Name = types.StringValue(strconv.FormatInt(certID, 10)), types.Int64Value(certID), types.StringValue(name)
	planned := plan.Fingerprint
	plan.setComputedNull()
	resp.Diagnostics.Append(plan.setState(ctx, &resp.State)...)
	resp.Diagnostics.Append(certificateIdentity.set(ctx, resp.Identity, plan.CertID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	detail, err := r.client.GetUserCertificateDetail(ctx, certID, false)
	if err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Uploaded certificate %d, but could not read it back (GetUserCertificateDetail)", certID), err, "create"))
		return
	}
	resp.Diagnostics.Append(plan.fromDetail(ctx, r.client, detail)...)
	plan.Fingerprint = planned // as planned from the PEM
	resp.Diagnostics.Append(plan.setState(ctx, &resp.State)...)
}

func uploadDiagnostic(name string, err error) diag.Diagnostic {
	if taken := (*lifecycle.NameTakenError)(nil); errors.As(err, &taken) {
		d := resourceErrorDiagnostic(fmt.Sprintf("Certificate name %q is taken", name), err, "create")
		if taken.CertID != 0 {
			d = diag.NewErrorDiagnostic(d.Summary(), fmt.Sprintf("Certificate %d is named %q and holds another certificate "+
				"(fingerprint %s).", taken.CertID, name, taken.Fingerprint))
		}
		return diag.NewAttributeErrorDiagnostic(path.Root("name"), d.Summary(), d.Detail()+"\n\nCertificate names are unique in "+
			"the account: choose another name, use name_prefix, or import the certificate that has it (terraform import).")
	}
	return resourceErrorDiagnostic(fmt.Sprintf("Could not upload certificate %q (UploadUserCertificate)", name), err, "create")
}

func (r *certificateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state certificateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	certID, err := strconv.ParseInt(state.ID.ValueString(), 10, 64)
	if err != nil || certID < 1 {
		resp.Diagnostics.AddError("Invalid certificate ID", fmt.Sprintf("%q is not a certificate ID: give the number CAS shows "+
			"(e.g. data.alicas_certificates' ids), as in terraform import alicas_certificate.web 12345678.", state.ID.ValueString()))
		return
	}
	imported := state.Certificate.IsNull()
	detail, err := r.client.GetUserCertificateDetail(ctx, certID, imported) // the PEM only when importing
	if detail != nil {
		detail.Key = nil // it comes with the PEM; never kept
	}
	if lifecycle.Gone(err) {
		tflog.Warn(ctx, "The certificate is gone from CAS; removing it from state", map[string]any{"cert_id": certID})
		certificateIdentity.remove(ctx, resp, certID)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read certificate %d (GetUserCertificateDetail)", certID), err, "read"))
		return
	}
	state.CertID, state.Name = types.Int64Value(certID), types.StringPointerValue((*string)(detail.Name))
	if imported {
		state.Certificate = types.StringPointerValue((*string)(detail.Cert))
	}
	stateFingerprint := state.Fingerprint
	resp.Diagnostics.Append(state.fromDetail(ctx, r.client, detail)...)
	if _, ok := cas.NormalFingerprint(detail.Fingerprint.Value()); !ok && !imported {
		state.Fingerprint = stateFingerprint // cannot compare what it is: keep the one planned from the PEM
	}
	resp.Diagnostics.Append(state.setState(ctx, &resp.State)...)
	resp.Diagnostics.Append(certificateIdentity.set(ctx, resp.Identity, state.CertID)...)
}

// Update only records arguments that upload nothing: a key or version
// written after an import, a name_prefix the name already has.
func (r *certificateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan certificateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.setState(ctx, &resp.State)...) // the computed attributes stay as planned
	resp.Diagnostics.Append(certificateIdentity.set(ctx, resp.Identity, plan.CertID)...)
}

func (r *certificateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state certificateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	certID := state.CertID.ValueInt64()
	err := r.engine.DeleteCertificate(ctx, certID)
	switch {
	case err == nil:
		return
	case cas.InUse(err):
		d := resourceErrorDiagnostic(fmt.Sprintf("Certificate %d (%s) is in use", certID, state.Name.ValueString()), err, "delete")
		resp.Diagnostics.AddError(d.Summary(), d.Detail()+"\n\nWait until what uses it is done (the deployment job above finishes), "+
			"or delete that first, then destroy again. To keep the certificate and stop managing it: terraform state rm.")
	default:
		resp.Diagnostics.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not delete certificate %d (DeleteUserCertificate)", certID), err, "delete"))
	}
}

// ImportState takes a certificate ID; Read fills in the rest, the PEM
// included. The private key cannot be read back into the configuration's
// write-only argument: write private_key_wo and private_key_wo_version
// (or private_key) in the configuration; the next apply records them
// without uploading anything.
func (r *certificateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	certificateIdentity.importState(ctx, req, resp, `12345678 (as data "alicas_certificates" lists it)`)
}

func (r *certificateResource) configured(diags *diag.Diagnostics) bool {
	if r.client == nil {
		diags.AddError("Provider not configured",
			"The alicas provider was not configured before this resource was used. This is a bug in the provider; please report it.")
	}
	return r.client != nil
}

// fromDetail is the one builder of the computed attributes from what CAS
// says of the certificate, as certificateDetail describes them.
func (m *certificateModel) fromDetail(ctx context.Context, client *cas.Client, detail *cas.UserCertificateDetail) diag.Diagnostics {
	var diags diag.Diagnostics
	values := certificateComputed.values(describeCertificate(client, detail))
	if fp, ok := cas.NormalFingerprint(detail.Fingerprint.Value()); ok {
		values["fingerprint"] = tftypes.NewValue(tftypes.String, fp)
	}
	attrTypes := certificateComputed.attrType().AttrTypes
	for name, target := range m.computed() {
		v, err := attrTypes[name].ValueFromTerraform(ctx, values[name])
		if err == nil {
			err = assign(target, v)
		}
		if err != nil {
			diags.AddError("Could not record the certificate", fmt.Sprintf("%s: %v. This is a bug in the provider; please report it.", name, err))
		}
	}
	return diags
}

// setComputedNull makes every computed attribute null, for a state written
// before they are known.
func (m *certificateModel) setComputedNull() {
	ctx := context.Background()
	for name, target := range m.computed() {
		typ := certificateComputed.attrType().AttrTypes[name]
		v, _ := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
		_ = assign(target, v) // a null of the attribute's own type always fits
	}
}

// computed are the computed attributes by name, as pointers into m.
func (m *certificateModel) computed() map[string]any {
	return map[string]any{
		"cert_identifier": &m.CertIdentifier, "common_name": &m.CommonName, "sans": &m.Sans, "not_before_time": &m.NotBeforeTime,
		"not_before": &m.NotBefore, "not_after_time": &m.NotAfterTime, "not_after": &m.NotAfter, "fingerprint": &m.Fingerprint,
		"issuer": &m.Issuer, "serial_no": &m.SerialNo, "algorithm": &m.Algorithm,
	}
}

// setState writes the model; the write-only key never goes in.
func (m certificateModel) setState(ctx context.Context, state *tfsdk.State) diag.Diagnostics {
	m.PrivateKeyWO = types.StringNull()
	return state.Set(ctx, &m)
}

// assign puts v into target, a pointer to a model field of v's type.
func assign(target any, v attr.Value) error {
	switch t := target.(type) {
	case *types.String:
		if s, ok := v.(types.String); ok {
			*t = s
			return nil
		}
	case *types.Int64:
		if n, ok := v.(types.Int64); ok {
			*t = n
			return nil
		}
	case *types.List:
		if l, ok := v.(types.List); ok {
			*t = l
			return nil
		}
	}
	return fmt.Errorf("a %T cannot hold a %T", target, v)
}

// prefixedName completes a name_prefix with the certificate's start (UTC,
// 20060102150405) and 8 hex digits of a hash of its fingerprint and key
// version (or key): the same upload always gets the same name, so an upload
// whose answer was lost is found by it on the next apply instead of made
// again, and a replacement (a new certificate or key version) gets a new
// one, as create_before_destroy needs.
func prefixedName(prefix string, leaf *x509.Certificate, version wholeNumberValue, key types.String) string {
	sum := sha256.Sum256([]byte(certFingerprint(leaf) + "/" + version.String() + "/" + key.ValueString()))
	return prefix + leaf.NotBefore.UTC().Format("20060102150405") + hex.EncodeToString(sum[:4])
}

// planPrefixedName plans the name a name_prefix gives, when the name is
// to be chosen (a new certificate or a replacement).
func planPrefixedName(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, leaf *x509.Certificate) diag.Diagnostics {
	var plan certificateModel
	diags := req.Plan.Get(ctx, &plan)
	if diags.HasError() || plan.NamePrefix.IsNull() || plan.NamePrefix.IsUnknown() || !plan.Name.IsUnknown() ||
		plan.PrivateKeyWOVersion.IsUnknown() || plan.PrivateKey.IsUnknown() {
		return diags
	}
	name := prefixedName(plan.NamePrefix.ValueString(), leaf, plan.PrivateKeyWOVersion, plan.PrivateKey)
	diags.Append(resp.Plan.SetAttribute(ctx, path.Root("name"), name)...)
	return diags
}

// certificateIdentity identifies a certificate by its CertId.
var certificateIdentity = numberIdentity{attr: "cert_id", what: "certificate"}

func (r *certificateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	certificateIdentity.schema(resp)
}
