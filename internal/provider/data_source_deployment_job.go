package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

var _ datasource.DataSourceWithConfigure = (*deploymentJobDataSource)(nil)

// NewDeploymentJobDataSource is data "alicas_deployment_job".
func NewDeploymentJobDataSource() datasource.DataSource {
	return &deploymentJobDataSource{}
}

type deploymentJobDataSource struct {
	providerData any
}

// deploymentJobDetailAttrTypes is the whole data source: job_id, the fields
// every listed job has, and what only DescribeDeploymentJob answers.
var deploymentJobDetailAttrTypes = func() map[string]attr.Type {
	all := maps.Clone(deploymentJobAttrTypes)
	maps.Copy(all, map[string]attr.Type{
		"job_id":         types.Int64Type,
		"config":         types.StringType,
		"cert_ids":       types.ListType{ElemType: types.Int64Type},
		"share_cert_ids": types.ListType{ElemType: types.Int64Type},
		"contacts":       types.ListType{ElemType: contactObjectType},
	})
	return all
}()

var contactAttrTypes = map[string]attr.Type{
	"id":     types.StringType,
	"name":   types.StringType,
	"email":  types.StringType,
	"mobile": types.StringType,
}

var contactObjectType = types.ObjectType{AttrTypes: contactAttrTypes}

func (d *deploymentJobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_deployment_job"
}

func (d *deploymentJobDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := deploymentJobSchemaAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"job_id": schema.Int64Attribute{
			Required: true,
			MarkdownDescription: "ID of the deployment job (the API's `JobId`), e.g. an element of `data.alicas_deployment_jobs.<name>.ids` " +
				"or the ID shown in the CAS console. Must be 1 or more.",
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"config": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The job's configuration exactly as the API sends it (`Config`), JSON text such as " +
				"`{\"shareCertIds\":[],\"certIds\":[12342649,12304338]}`. `cert_ids` and `share_cert_ids` are read from it."},
		"cert_ids": schema.ListAttribute{Computed: true, ElementType: types.Int64Type,
			MarkdownDescription: "IDs of the certificates the job deploys (`certIds` in `config`), in the API's order. " +
				"Null when `config` is absent, is not JSON, or has no `certIds`."},
		"share_cert_ids": schema.ListAttribute{Computed: true, ElementType: types.Int64Type,
			MarkdownDescription: "IDs of the shared certificates the job deploys (`shareCertIds` in `config`). " +
				"Null when `config` is absent, is not JSON, or has no `shareCertIds`."},
		"contacts": schema.ListNestedAttribute{Computed: true,
			MarkdownDescription: "Who CAS notifies about the job (`CasContacts`), in the API's order.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":     schema.StringAttribute{Computed: true, MarkdownDescription: "Contact ID (`Id`), as the API sends it: a string."},
				"name":   schema.StringAttribute{Computed: true, MarkdownDescription: "Contact name (`Name`)."},
				"email":  schema.StringAttribute{Computed: true, MarkdownDescription: "Contact email address (`Email`)."},
				"mobile": schema.StringAttribute{Computed: true, MarkdownDescription: "Contact phone number (`Mobile`), partly masked by the API, e.g. `139****0000`."},
			}},
		},
	})
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": timeoutsBlock(ctx)},
		MarkdownDescription: "Reads one CAS deployment job (API `DescribeDeploymentJob`): its name, type, status, times, " +
			"configuration and contacts. Fails when the job does not exist. For the job's certificates and cloud resources use " +
			"`alicas_deployment_job_certs` and `alicas_deployment_job_resources`.",
		Attributes: attrs,
	}
}

func (d *deploymentJobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	d.providerData = req.ProviderData
}

func (d *deploymentJobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var jobID types.Int64
	var limit readTimeout
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("job_id"), &jobID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &limit.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, client := beginRead(ctx, limit, d.providerData, &resp.Diagnostics)
	defer cancel()
	if client == nil {
		return
	}

	res, err := client.DescribeDeploymentJob(ctx, jobID.ValueInt64())
	var notFound *cas.NotFoundError
	switch {
	case errors.As(err, &notFound):
		resp.Diagnostics.AddAttributeError(path.Root("job_id"), "Deployment job not found",
			fmt.Sprintf("DescribeDeploymentJob answered with no job for job_id %d (RequestId: %s). "+
				"Check the ID in the CAS console (Deployment > Deployment jobs) or find it with data \"alicas_deployment_jobs\".",
				jobID.ValueInt64(), orUnknown(notFound.RequestID)))
		return
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not read deployment job %d", jobID.ValueInt64()), err))
		return
	}
	obj, diags := deploymentJobDetailValue(jobID, &res.Job)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, value := range obj.Attributes() {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("timeouts"), limit.Timeouts)...)
}

// deploymentJobDetailValue converts a described job into the data source's
// whole value. A config that does not parse leaves cert_ids and
// share_cert_ids null; the raw text stays in config.
func deploymentJobDetailValue(jobID types.Int64, j *cas.DeploymentJobDetail) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	values := deploymentJobAttrValues(&j.DeploymentJob)
	values["job_id"] = jobID
	values["config"] = stringValue(j.Config)
	var cfg cas.DeploymentJobConfig
	if j.Config != nil {
		if parsed, err := cas.ParseDeploymentJobConfig(string(*j.Config)); err == nil {
			cfg = *parsed
		}
	}
	var d diag.Diagnostics
	values["cert_ids"], d = int64ListValue(cfg.CertIDs)
	diags.Append(d...)
	values["share_cert_ids"], d = int64ListValue(cfg.ShareCertIDs)
	diags.Append(d...)
	values["contacts"], d = contactsValue(j.Contacts)
	diags.Append(d...)
	obj, d := types.ObjectValue(deploymentJobDetailAttrTypes, values)
	diags.Append(d...)
	return obj, diags
}

func contactsValue(contacts []cas.Contact) (types.List, diag.Diagnostics) {
	if contacts == nil {
		return types.ListNull(contactObjectType), nil
	}
	var diags diag.Diagnostics
	elems := make([]attr.Value, len(contacts))
	for i, c := range contacts {
		var d diag.Diagnostics
		elems[i], d = types.ObjectValue(contactAttrTypes, map[string]attr.Value{
			"id":     stringValue(c.ID),
			"name":   stringValue(c.Name),
			"email":  stringValue(c.Email),
			"mobile": stringValue(c.Mobile),
		})
		diags.Append(d...)
	}
	list, d := types.ListValue(contactObjectType, elems)
	diags.Append(d...)
	return list, diags
}
