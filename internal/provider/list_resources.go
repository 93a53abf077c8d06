package provider

import (
	"context"
	"fmt"
	"iter"
	"regexp"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// List resources (Terraform 1.14 and later): `terraform query` lists what
// the account holds, so that `-generate-config-out` brings it under
// management. Results stream page by page: memory stays flat however many
// items there are.

var (
	_ list.ListResourceWithConfigure = (*certificateList)(nil)
	_ list.ListResourceWithConfigure = (*deploymentJobList)(nil)
)

// NewCertificateList is list "alicas_certificate".
func NewCertificateList() list.ListResource { return &certificateList{} }

// NewDeploymentJobList is list "alicas_deployment_job".
func NewDeploymentJobList() list.ListResource { return &deploymentJobList{} }

type certificateList struct {
	configuredResource
}

func (l *certificateList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_certificate"
}

type certificateListModel struct {
	OrderType          types.String `tfsdk:"order_type"`
	Status             types.String `tfsdk:"status"`
	Keyword            types.String `tfsdk:"keyword"`
	NameRegex          types.String `tfsdk:"name_regex"`
	ExpiringWithinDays types.Int64  `tfsdk:"expiring_within_days"`
}

func (l *certificateList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's certificates, bought and uploaded (`ListUserCertificateOrder`), for " +
			"`terraform query` (Terraform 1.14 and later; OpenTofu has no list resources yet). Each result is named by the " +
			"certificate's name and domain and identified by its `cert_id`; `-generate-config-out` writes an " +
			"`alicas_certificate` block and an import block for each. The PEM and key are not listed: write `certificate` " +
			"and `private_key_wo` into the generated configuration before applying (a bought certificate cannot be uploaded " +
			"again: import it only to read it). The filters are those of data \"alicas_certificates\".",
		Attributes: map[string]schema.Attribute{
			"order_type": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`CERT` (the default: bought and uploaded certificates) or `UPLOAD` (uploaded ones only).",
				Validators:          []validator.String{stringvalidator.OneOf(certificateOrderTypes...)}},
			"status": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only certificates in this state (`Status`): " + oneOfText(certificateStatuses) +
					". Without it, only valid certificates are listed: issued ones and those about to expire.",
				Validators: []validator.String{stringvalidator.OneOf(certificateStatuses...)}},
			"keyword": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only certificates whose name, a domain or instance ID contains this text (`Keyword`)."},
			"name_regex": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only certificates whose name matches this regular expression (RE2, unanchored).",
				Validators:          []validator.String{regexValidator{}}},
			"expiring_within_days": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Only certificates whose validity ends within this many days from now (0: already ended).",
				Validators:          []validator.Int64{int64validator.Between(0, 3650)}},
		},
	}
}

func (l *certificateList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m certificateListModel
	nameRegex, ok := l.startList(ctx, req, stream, &m, func() types.String { return m.NameRegex })
	if !ok {
		return
	}
	filter := cas.UserCertificateFilter{OrderType: m.OrderType.ValueString(), Status: m.Status.ValueString(), Keyword: m.Keyword.ValueString()}
	var endsBefore time.Time
	if !m.ExpiringWithinDays.IsNull() {
		endsBefore = l.client.Clock().Now().AddDate(0, 0, int(m.ExpiringWithinDays.ValueInt64()))
	}
	keep := func(c cas.UserCertificate) bool {
		if nameRegex != nil && (c.Name == nil || !nameRegex.MatchString(c.Name.Value())) {
			return false
		}
		return endsBefore.IsZero() || (c.EndDate != nil && c.EndDate.Start().Before(endsBefore))
	}
	stream.Results = streamResults(ctx, req, "ListUserCertificateOrder", certificateIdentity, func(yield func(cas.UserCertificate) bool) error {
		return l.client.EachUserCertificate(ctx, filter, yield)
	}, keep, func(c cas.UserCertificate) int64 { return c.CertificateID.Value() }, func(c cas.UserCertificate, result *list.ListResult) diag.Diagnostics {
		id := c.CertificateID.Value()
		result.DisplayName = fmt.Sprintf("%s (%s)", c.Name.Value(), c.CommonName.Value())
		var diags diag.Diagnostics
		if req.IncludeResource {
			for name, v := range map[string]any{"id": strconv.FormatInt(id, 10), "cert_id": id, "name": c.Name.Value()} {
				diags.Append(result.Resource.SetAttribute(ctx, path.Root(name), v)...)
			}
		}
		return diags
	})
}

type deploymentJobList struct {
	configuredResource
}

func (l *deploymentJobList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job"
}

type deploymentJobListModel struct {
	JobType   types.String `tfsdk:"job_type"`
	Status    types.String `tfsdk:"status"`
	NameRegex types.String `tfsdk:"name_regex"`
}

func (l *deploymentJobList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's deployment jobs (`ListDeploymentJob`), for `terraform query` (Terraform " +
			"1.14 and later; OpenTofu has no list resources yet). Each result is named by the job's name and status and " +
			"identified by its `job_id`; `-generate-config-out` writes an `alicas_deployment_job` block, with what the job " +
			"deploys, and an import block for each. Importing a job does not run it again. The filters are those of data " +
			"\"alicas_deployment_jobs\".",
		Attributes: map[string]schema.Attribute{
			"job_type": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only jobs of this type (`JobType`): `cloud`, `user` or `trustee`.",
				Validators:          []validator.String{stringvalidator.OneOf(jobTypes...)}},
			"status": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only jobs in this status (`Status`): " + oneOfText(cas.JobStatuses) + ".",
				Validators:          []validator.String{stringvalidator.OneOf(cas.Strings(cas.JobStatuses)...)}},
			"name_regex": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only jobs whose name matches this regular expression (RE2, unanchored).",
				Validators:          []validator.String{regexValidator{}}},
		},
	}
}

func (l *deploymentJobList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m deploymentJobListModel
	nameRegex, ok := l.startList(ctx, req, stream, &m, func() types.String { return m.NameRegex })
	if !ok {
		return
	}
	filter := cas.DeploymentJobFilter{JobType: m.JobType.ValueString(), Status: cas.JobStatus(m.Status.ValueString())}
	keep := func(j cas.DeploymentJob) bool {
		return nameRegex == nil || (j.Name != nil && nameRegex.MatchString(j.Name.Value()))
	}
	stream.Results = streamResults(ctx, req, "ListDeploymentJob", jobIdentity, func(yield func(cas.DeploymentJob) bool) error {
		return l.client.EachDeploymentJob(ctx, filter, yield)
	}, keep, func(j cas.DeploymentJob) int64 { return j.ID.Value() }, func(j cas.DeploymentJob, result *list.ListResult) diag.Diagnostics {
		id := j.ID.Value()
		status := j.CurrentStatus()
		result.DisplayName = fmt.Sprintf("%s (%s)", j.Name.Value(), status)
		var diags diag.Diagnostics
		if !req.IncludeResource {
			return diags
		}
		spec, err := l.engine.JobSpec(ctx, id)
		if err != nil {
			diags.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not read deployment job %d", id), err, "read"))
			return diags
		}
		model := deploymentJobModel{Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "update": types.StringType, "delete": types.StringType})}}
		model.ID, model.JobID = types.StringValue(strconv.FormatInt(id, 10)), types.Int64Value(id)
		model.fromSpec(spec, status)
		model.setDraft()
		model.Status = types.StringValue(string(status))
		diags.Append(result.Resource.Set(ctx, &model)...)
		return diags
	})
}

// streamResults turns a streaming listing into list results: each item
// keep accepts becomes one result, identified by idOf under identity, that
// fill completes; a failed listing ends the stream with one error naming
// action. It stops at the limit Terraform asks for. The identity is built
// directly and the schemas' types once: at thousands of results,
// NewListResult's per-result work was most of the provider's cost
// (bench/README.md).
func streamResults[T any](ctx context.Context, req list.ListRequest, action string, identity numberIdentity,
	each func(yield func(T) bool) error, keep func(T) bool, idOf func(T) int64,
	fill func(T, *list.ListResult) diag.Diagnostics) iter.Seq[list.ListResult] {
	identityType := req.ResourceIdentitySchema.Type().TerraformType(ctx)
	var resourceType tftypes.Type
	if req.IncludeResource {
		resourceType = req.ResourceSchema.Type().TerraformType(ctx)
	}
	return func(push func(list.ListResult) bool) {
		var sent int64
		stopped := false
		err := each(func(item T) bool {
			if !keep(item) {
				return true
			}
			result := list.ListResult{Identity: &tfsdk.ResourceIdentity{Schema: req.ResourceIdentitySchema,
				Raw: tftypes.NewValue(identityType, map[string]tftypes.Value{identity.attr: tftypes.NewValue(tftypes.Number, idOf(item))})}}
			if req.IncludeResource {
				result.Resource = &tfsdk.Resource{Schema: req.ResourceSchema, Raw: tftypes.NewValue(resourceType, nil)}
			}
			result.Diagnostics.Append(fill(item, &result)...)
			sent++
			if !push(result) || (req.Limit > 0 && sent >= req.Limit) {
				stopped = true
			}
			return !stopped
		})
		if err != nil && !stopped {
			var diags diag.Diagnostics
			diags.Append(resourceErrorDiagnostic(fmt.Sprintf("Could not list (%s)", action), err, "read"))
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// startList reads a list block's configuration into model, then the
// name_regex it holds; when it cannot (or the provider is not configured),
// the stream carries why and ok is false.
func (r *configuredResource) startList(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, model any,
	nameRegexOf func() types.String) (nameRegex *regexp.Regexp, ok bool) {
	diags := req.Config.Get(ctx, model)
	if !diags.HasError() {
		if pattern := nameRegexOf(); !pattern.IsNull() && pattern.ValueString() != "" {
			var err error
			if nameRegex, err = regexp.Compile(pattern.ValueString()); err != nil { // validated at plan time; kept for safety
				diags.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", err.Error())
			}
		}
	}
	if r.client == nil {
		diags.AddError("Provider not configured", "The alicas provider was not configured before listing. Check the provider block.")
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return nil, false
	}
	return nameRegex, true
}

// listResources are the provider's list resources.
func listResources() []func() list.ListResource {
	return []func() list.ListResource{NewCertificateList, NewDeploymentJobList}
}
